/** A mark's protection area and who may change it (decision 015). */
export const zh = {
  "mark.areaDocumentRef": "决定文件",
  "mark.areaDocumentRefHint":
    "批准或变更产地范围的文件名称和文号，例如“国家知识产权局公告第 123 号”。公众可在地理标志页面看到。",
  "mark.areaDocumentRequired": "请填写批准或变更产地范围的文件。",
  "mark.areaUnknownTownship": "找不到乡镇（街道）代码 {code}：产地范围按 9 位乡级区划代码填写，请核对后重新填写。",
  "mark.areaNothingChosen": "请勾选要加入或移出的乡镇（街道）。",
  "mark.areaOutsideDivision": "{code} 不在{division}范围内：产地范围只能在该地理标志的主管区划之内。",
  "mark.areaInUse": "不能移出：{code} 等乡镇（街道）还有 {count} 个申请或用标资格以此为生产地址。",
  "mark.publicArea": "产地范围",
  "mark.publicAreaNone": "尚未登记产地范围。",
  "mark.areaHistory": "产地范围变更记录",
  "mark.areaHistoryDate": "变更日期",
  "mark.areaHistoryAdded": "加入",
  "mark.areaHistoryRemoved": "移出",
  "mark.legalFrameFixed": "（由系统管理员或省级监管部门设定）",
  "mark.approvingLevelNotYours": "审批层级只能由系统管理员或省级监管部门更改。",
  "mark.kindNotYours": "地理标志类型只能由系统管理员或省级监管部门更改。",
  "mark.printerUnknown": "所选印制单位不存在，请刷新页面后重新选择。",
};

export const en: Record<keyof typeof zh, string> = {
  "mark.areaDocumentRef": "Deciding document",
  "mark.areaDocumentRefHint":
    "Title and number of the document that approved or changed the protection area, e.g. “CNIPA Announcement No. 123”. The public sees it on the mark's page.",
  "mark.areaDocumentRequired": "Enter the document that approved or changed the protection area.",
  "mark.areaUnknownTownship":
    "Township code {code} was not found: the protection area takes 9-digit township codes. Check it and enter it again.",
  "mark.areaNothingChosen": "Tick the townships to add or remove.",
  "mark.areaOutsideDivision":
    "{code} is outside {division}: a protection area lies within the mark's managing division.",
  "mark.areaInUse":
    "Cannot remove: {count} applications or authorizations have their production site in {code} or another of these townships.",
  "mark.publicArea": "Protection area",
  "mark.publicAreaNone": "No protection area recorded yet.",
  "mark.areaHistory": "Changes to the protection area",
  "mark.areaHistoryDate": "Date of change",
  "mark.areaHistoryAdded": "Added",
  "mark.areaHistoryRemoved": "Removed",
  "mark.legalFrameFixed": "(set by the administrator or the provincial regulator)",
  "mark.approvingLevelNotYours": "Only the administrator or the provincial regulator can change who approves.",
  "mark.kindNotYours": "Only the administrator or the provincial regulator can change the mark's kind.",
  "mark.printerUnknown": "A chosen printer does not exist; reload the page and choose again.",
};
