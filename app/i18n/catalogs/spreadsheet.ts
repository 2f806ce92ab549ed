/** Lists as Excel workbooks (.xlsx) beside their CSV. */
export const zh = {
  "xlsx.export": "导出 Excel（.xlsx）",
  "xlsx.short": "Excel",
  "xlsx.note": "Excel 文件中日期、数字为相应类型，首行冻结，可直接排序、筛选。",
};

export const en: Record<keyof typeof zh, string> = {
  "xlsx.export": "Export Excel (.xlsx)",
  "xlsx.short": "Excel",
  "xlsx.note":
    "In the Excel file dates and numbers are typed cells and the header row is frozen, ready to sort and filter.",
};
