/** Refusals of the platform API's hardening pass (decision 059): each names what was wrong. */
export const zh = {
  "report.submissionKeyTaken": "该提交编号已被使用，未保存。请换一个新的 submissionKey 后重新提交。",
};

export const en: Record<keyof typeof zh, string> = {
  "report.submissionKeyTaken":
    "This submission key is already in use; nothing was saved. Send again with a new submissionKey.",
};
