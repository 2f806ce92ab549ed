/**
 * Punctuation a page puts between words it assembles: Chinese takes full-width marks, English
 * its own (a hard-coded "：" or "（）" showed in the English pages).
 */
export const zh = {
  "punct.colon": "：",
  "punct.paren": "（{text}）",
  "punct.list": "、",
  "punct.comma": "，",
  "punct.semicolon": "；",
};

export const en: Record<keyof typeof zh, string> = {
  "punct.colon": ": ",
  "punct.paren": " ({text})",
  "punct.list": ", ",
  "punct.comma": ", ",
  "punct.semicolon": "; ",
};
