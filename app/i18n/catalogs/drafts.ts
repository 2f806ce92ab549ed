/** Files kept from a refused form (issue item 17): listed, removable, and only the refused one chosen again. */
export const zh = {
  "draft.kept": "上次提交时已收到、为您保留的材料（无需重新选择）：",
  "draft.remove": "移除",
  "draft.removeNamed": "移除“{name}”",
  "draft.removed": "已移除“{name}”，其他内容保留。",
  "draft.unknown": "这份保留的材料不属于您当前的表单，或已过期，未采用；未做任何更改。请重新选择文件。",
  "document.badTypeNamed": "“{name}”不是 PDF、JPEG 或 PNG 文件（按文件内容识别），未收到，请重新选择。",
  "document.emptyNamed": "“{name}”是空文件，未收到，请重新选择。",
};

export const en: Record<keyof typeof zh, string> = {
  "draft.kept": "Received at your last attempt and kept for you (no need to choose them again):",
  "draft.remove": "Remove",
  "draft.removeNamed": "Remove “{name}”",
  "draft.removed": "Removed “{name}”; everything else is kept.",
  "draft.unknown":
    "That kept file is not one of your form's, or it has expired, so it was not used and nothing was changed. Choose the file again.",
  "document.badTypeNamed":
    "“{name}” is not a PDF, JPEG or PNG file (judged by its content), so it was not received. Choose a file again.",
  "document.emptyNamed": "“{name}” is empty, so it was not received. Choose it again.",
};
