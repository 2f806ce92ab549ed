/** Refusals of the platform API's hardening pass (decision 059): each names what was wrong. */
export const zh = {
  "report.submissionKeyTaken": "该提交编号已被使用，未保存。请换一个新的 submissionKey 后重新提交。",
  "apiClient.badUrlProduction": "通知地址须为 https:// 开头的完整网址，未保存。",
  "apiClient.privateUrl":
    "通知地址指向本机、内网、链路本地或运营商级 NAT 地址，未保存。请填写可从互联网访问的 https:// 地址。",
  "apiClient.tooManySubscriptions": "每个接口客户端最多 {max:number} 个订阅，未保存。请先删除不再使用的订阅。",
  "apiClient.bodyTooLarge": "请求正文超过 {max:number} 字节的上限，未处理。",
  "apiClient.multipartTooLarge":
    "上传内容超过每次请求 {max:number} MB 的上限（每个文件最多 {file:number} MB），未处理。请压缩截图或减少张数后重新提交。",
  "apiClient.notJson": "请求正文不是有效的 JSON 对象，未处理。此接口需要形如 {example} 的正文。",
  "apiClient.fieldOneOf": "字段 {field} 的值无效，只能是：{options}。未处理。",
  "apiClient.fieldTooLong": "字段 {field} 过长（最多 {max:number} 个字符），未处理。",
  "apiClient.fieldRequired": "缺少字段 {field}，未处理。",
  "apiClient.fieldInvalid": "字段 {field} 的值格式不对，未处理。",
  "apiClient.lineNotJson": "第 {line:number} 行不是有效的 JSON，该行未核对。",
  "apiClient.badRequest": "请求无法识别，未处理。请对照接口文档（/api/v1/openapi.json）检查后重试。",
  "apiClient.forbidden": "无权执行此操作，未处理。",
  "apiClient.noSuchEndpoint": "没有这个接口地址。可用的接口见 /api/v1/openapi.json。",
  "apiClient.methodNotAllowed": "此接口不接受该请求方式；可用：{methods}。",
  "apiClient.unsupportedType": "不支持该请求正文类型，未处理。此接口接受 {types}。",
  "apiClient.tooLargeEdge": "请求正文过大，未处理。",
  "apiClient.serverError": "服务器处理请求时出错，未完成。请稍后重试；如仍出错，请联系系统管理员。",
};

export const en: Record<keyof typeof zh, string> = {
  "report.submissionKeyTaken":
    "This submission key is already in use; nothing was saved. Send again with a new submissionKey.",
  "apiClient.badUrlProduction": "The delivery address must be a full https:// URL; nothing was saved.",
  "apiClient.privateUrl":
    "The delivery address points to this machine, a private, link-local or carrier-grade NAT address; nothing was saved. Give an https:// address reachable from the internet.",
  "apiClient.tooManySubscriptions":
    "An API client may have at most {max:number} {max|subscription|subscriptions}; nothing was saved. Remove one you no longer use first.",
  "apiClient.bodyTooLarge": "The request body is over the limit of {max:number} bytes; nothing was done.",
  "apiClient.multipartTooLarge":
    "The upload is over the limit of {max:number} MB per request ({file:number} MB per file); nothing was done. Make the screenshots smaller or send fewer.",
  "apiClient.notJson":
    "The request body is not a valid JSON object; nothing was done. This endpoint takes a body like {example}.",
  "apiClient.fieldOneOf": "Field {field} has an invalid value; it may only be: {options}. Nothing was done.",
  "apiClient.fieldTooLong":
    "Field {field} is too long (at most {max:number} {max|character|characters}); nothing was done.",
  "apiClient.fieldRequired": "Field {field} is missing; nothing was done.",
  "apiClient.fieldInvalid": "Field {field} is malformed; nothing was done.",
  "apiClient.lineNotJson": "Line {line:number} is not valid JSON; that line was not checked.",
  "apiClient.badRequest":
    "The request could not be understood; nothing was done. Check it against the API description (/api/v1/openapi.json).",
  "apiClient.forbidden": "You may not do this; nothing was done.",
  "apiClient.noSuchEndpoint": "There is no such endpoint. The endpoints are listed in /api/v1/openapi.json.",
  "apiClient.methodNotAllowed": "This endpoint does not accept that method; use one of: {methods}.",
  "apiClient.unsupportedType": "That body type is not accepted; nothing was done. This endpoint takes {types}.",
  "apiClient.tooLargeEdge": "The request body is too large; nothing was done.",
  "apiClient.serverError":
    "The server failed to complete the request. Try again later; if it keeps failing, tell the system administrator.",
};
