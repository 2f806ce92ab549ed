/** The apply form in two steps (mark first, so it works without JavaScript) and what it offers. */
export const zh = {
  "apply.step1": "第 1 步（共 2 步）：选择要申请的地理标志。下一步只列出它的产地范围和适用的使用途径。",
  "apply.step2": "第 2 步（共 2 步）：填写申请。",
  "apply.next": "下一步",
  "apply.changeMark": "改选其他地理标志",
  "apply.townshipHint": "只列出“{mark}”产地范围内的乡镇（街道）。",
};

export const en: Record<keyof typeof zh, string> = {
  "apply.step1":
    "Step 1 of 2: choose the mark to apply for. The next step lists only its protection area and the routes that fit it.",
  "apply.step2": "Step 2 of 2: the application.",
  "apply.next": "Next",
  "apply.changeMark": "Choose another mark",
  "apply.townshipHint": "Only townships in the protection area of “{mark}” are listed.",
};
