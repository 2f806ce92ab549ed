/** The dates legal acts take effect (announcements, exits): each refusal states its bound. Decision 016. */
export const zh = {
  "legalAct.effectiveOn": "生效日期",
  "legalAct.effectiveOnHint": "按决定文书上的日期填写，留空为今天；最多可追溯 {days} 天。",
  "legalAct.tooLate": "日期不得晚于 {bound:date}。",
  "legalAct.tooEarly": "日期不得早于 {bound:date}：最多只能追溯 {days} 天。",
  "legalAct.beforeSubmission": "日期不得早于“{enterprise}”提交申请的日期 {bound:date}。",
  "legalAct.beforeApproval": "日期不得早于“{enterprise}”获批准的日期 {bound:date}。",
  "legalAct.beforeExit": "日期不得早于“{enterprise}”退出的日期 {bound:date}。",
  "legalAct.beforeLastStep": "生效日期不得早于该用标资格上一次状态变化的日期 {bound:date}。",
};

export const en: Record<keyof typeof zh, string> = {
  "legalAct.effectiveOn": "Effective date",
  "legalAct.effectiveOnHint": "The date on the decision, today if left empty; at most {days} {days|day|days} back.",
  "legalAct.tooLate": "The date cannot be later than {bound:date}.",
  "legalAct.tooEarly": "The date cannot be earlier than {bound:date}: at most {days} {days|day|days} back.",
  "legalAct.beforeSubmission": "The date cannot be earlier than {bound:date}, when {enterprise} applied.",
  "legalAct.beforeApproval": "The date cannot be earlier than {bound:date}, when {enterprise} was approved.",
  "legalAct.beforeExit": "The date cannot be earlier than {bound:date}, when {enterprise} exited.",
  "legalAct.beforeLastStep":
    "The effective date cannot be earlier than {bound:date}, the authorization's last change of status.",
};
