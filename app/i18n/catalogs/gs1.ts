/** GS1 identifiers on product batches (issue 17, decision 020). */
export const zh = {
  "gtin.label": "商品条码 GTIN（选填，8、12、13 或 14 位）",
  "gtin.hint": "填写后，领用到本批次的标签也可按 GS1 数字链接（/01/GTIN/21/序号）核验。",
  "gtin.digits": "GTIN 只能由数字组成。",
  "gtin.length": "GTIN 应为 8、12、13 或 14 位数字。",
  "gtin.check": "GTIN 校验位（最后一位）不正确，请核对。",
  "epcis.download": "GS1 EPCIS 2.0 事件（JSON-LD）",
  "epcis.note": "供追溯平台导入：签发、印制、收货、领用和作废，每条台账记录一个事件；不含标签码。",
};

export const en: Record<keyof typeof zh, string> = {
  "gtin.label": "GTIN (optional: 8, 12, 13 or 14 digits)",
  "gtin.hint": "With it, labels collected onto this batch also verify as GS1 Digital Link URIs (/01/GTIN/21/serial).",
  "gtin.digits": "A GTIN has digits only.",
  "gtin.length": "A GTIN has 8, 12, 13 or 14 digits.",
  "gtin.check": "The GTIN's check digit (the last) is wrong; please check it.",
  "epcis.download": "GS1 EPCIS 2.0 events (JSON-LD)",
  "epcis.note":
    "For traceability platforms: issue, printing, receipt, collection and voiding, one event per ledger entry; no label codes.",
};
