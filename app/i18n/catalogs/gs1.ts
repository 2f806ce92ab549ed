/** GS1 identifiers on product batches (issue 17, decision 020). */
export const zh = {
  "gtin.label": "商品条码 GTIN（选填，8、12、13 或 14 位）",
  "gtin.hint": "填写后，本批次在导出的 GS1 EPCIS 追溯事件中以此商品条码标识。",
  "gtin.digits": "GTIN 只能由数字组成。",
  "gtin.length": "GTIN 应为 8、12、13 或 14 位数字。",
  "gtin.check": "GTIN 校验位（最后一位）不正确，请核对。",
  "mark.digitalLinkGtin": "印制二维码使用 GS1 数字链接：产品 GTIN（选填）",
  "mark.digitalLinkGtinHint":
    "留空时二维码为短网址 /V/标签码。填写后，此后印制的二维码为 /01/GTIN/21/序号 并附标签码，商超与电商的 GS1 扫码设备也能识别；二维码会稍大。",
  "epcis.download": "GS1 EPCIS 2.0 事件（JSON-LD）",
  "epcis.note": "供追溯平台导入：签发、印制、收货、领用和作废，每条台账记录一个事件；不含标签码。",
};

export const en: Record<keyof typeof zh, string> = {
  "gtin.label": "GTIN (optional: 8, 12, 13 or 14 digits)",
  "gtin.hint": "With it, this batch is named by its GTIN in the exported GS1 EPCIS traceability events.",
  "gtin.digits": "A GTIN has digits only.",
  "gtin.length": "A GTIN has 8, 12, 13 or 14 digits.",
  "gtin.check": "The GTIN's check digit (the last) is wrong; please check it.",
  "mark.digitalLinkGtin": "Printed QR codes as GS1 Digital Link: the product's GTIN (optional)",
  "mark.digitalLinkGtinHint":
    "Left empty, the QR code is the short /V/code address. With a GTIN, QR codes printed from now on are /01/GTIN/21/serial with the label code attached, so GS1 scanners in shops and on platforms read them too; the QR code gets a little larger.",
  "epcis.download": "GS1 EPCIS 2.0 events (JSON-LD)",
  "epcis.note":
    "For traceability platforms: issue, printing, receipt, collection and voiding, one event per ledger entry; no label codes.",
};
