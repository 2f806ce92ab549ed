/**
 * Column headers and list buttons shared by pages and their CSV/Excel files: each says what its
 * column holds or what the button does, so no page borrows another's words ("公告日期" over event
 * times once). A moment's column names its zone (`column.beijingTime`), as the cells are Beijing
 * wall time.
 */
export const zh = {
  "column.beijingTime": "{column}（北京时间）",
  "column.mark": "地理标志",
  "column.status": "状态",
  "column.recordedAt": "记录时间",
  "column.orderedAt": "下单时间",
  "column.orderedOn": "下单日期",
  "column.effectiveOn": "生效日期",
  "column.event": "事项",
  "column.ledgerEntry": "台账事项",
  "column.announced": "公告事项",
  "column.actor": "办理人",
  "column.code": "标签码",
  "column.serial": "序列号",
  "column.link": "核验网址",
  "list.filter": "筛选",
  "report.filterOpen": "待办举报（未办结）",
  "labels.sheetHeading": "可打印标签：共 {n} 枚",
};

export const en: Record<keyof typeof zh, string> = {
  "column.beijingTime": "{column} (Beijing time)",
  "column.mark": "Mark",
  "column.status": "Status",
  "column.recordedAt": "Recorded at",
  "column.orderedAt": "Ordered at",
  "column.orderedOn": "Ordered on",
  "column.effectiveOn": "Effective from",
  "column.event": "What happened",
  "column.ledgerEntry": "Ledger entry",
  "column.announced": "Announced",
  "column.actor": "By",
  "column.code": "Label code",
  "column.serial": "Serial",
  "column.link": "Verification link",
  "list.filter": "Filter",
  "report.filterOpen": "Open reports (not closed)",
  "labels.sheetHeading": "Printable labels: {n}",
};
