/** Refusals of the platform API's hardening pass (decision 059): each names what was wrong. */
export const zh = {
  "report.submissionKeyTaken": "该提交编号已被使用，未保存。请换一个新的 submissionKey 后重新提交。",
  "apiClient.badUrlProduction": "通知地址须为 https:// 开头的完整网址，未保存。",
  "apiClient.privateUrl":
    "通知地址指向本机、内网、链路本地或运营商级 NAT 地址，未保存。请填写可从互联网访问的 https:// 地址。",
  "apiClient.tooManySubscriptions": "每个接口客户端最多 {max:number} 个订阅，未保存。请先删除不再使用的订阅。",
};

export const en: Record<keyof typeof zh, string> = {
  "report.submissionKeyTaken":
    "This submission key is already in use; nothing was saved. Send again with a new submissionKey.",
  "apiClient.badUrlProduction": "The delivery address must be a full https:// URL; nothing was saved.",
  "apiClient.privateUrl":
    "The delivery address points to this machine, a private, link-local or carrier-grade NAT address; nothing was saved. Give an https:// address reachable from the internet.",
  "apiClient.tooManySubscriptions":
    "An API client may have at most {max:number} {max|subscription|subscriptions}; nothing was saved. Remove one you no longer use first.",
};
