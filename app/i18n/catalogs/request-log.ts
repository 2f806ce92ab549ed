/** Structured logs (decision 046): the id a person quotes when something went wrong. */
export const zh = {
  "error.requestId": "请求编号：{id}。联系我们时请提供此编号，便于查找原因。",
};

export const en: Record<keyof typeof zh, string> = {
  "error.requestId": "Request id: {id}. Quote it when you contact us so we can find what happened.",
};
