/** The printable label sheet's notes for whoever prints it (the labels' own text stays Chinese). */
export const zh = {
  "labelSheet.qrSpec":
    "二维码：QR 码（ISO/IEC 18004），纠错等级 {level}，模块 {module} mm，四周各留 {quiet} 个模块的空白区；请按 100% 比例打印，不要“适合页面”缩放。",
};

export const en: Record<keyof typeof zh, string> = {
  "labelSheet.qrSpec":
    "QR codes (ISO/IEC 18004): error correction level {level}, module {module} mm, a quiet zone of {quiet} modules on every side. Print at 100 %, not “fit to page”.",
};
