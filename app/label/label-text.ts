/**
 * The words printed on a label (the sheet page and its PDF). They are the product's, in Chinese,
 * whatever language the printer's screen is in: the UI translator never supplies them.
 */
export const labelText = {
  uscc: (uscc: string) => `统一社会信用代码：${uscc}`,
  verifyHint: "扫码核验",
  pdfTitle: (markName: string) => `${markName} 标签`,
} as const;
