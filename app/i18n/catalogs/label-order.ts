/** Ordering labels without an authorization in the URL: choose one of your own, or learn why you cannot. */
export const zh = {
  "labels.chooseAuthorization": "请选择为哪一项用标资格申请印制标签：",
  "labels.noneToOrderUnder": "贵企业目前没有可以申请印制标签的用标资格。",
  "labels.onlyWhenUsable": "只有状态为{statuses}的用标资格才能申请印制标签。",
  "labels.noAuthorizationYet": "贵企业还没有用标资格：请先申请使用地理标志专用标志，经公告生效后即可申请印制标签。",
  "labels.notOrderable": "目前不能申请印制标签的用标资格",
};

export const en: Record<keyof typeof zh, string> = {
  "labels.chooseAuthorization": "Choose the authorization to order labels under:",
  "labels.noneToOrderUnder": "Your enterprise has no authorization under which labels may be ordered now.",
  "labels.onlyWhenUsable": "Labels may be ordered only under an authorization that is {statuses}.",
  "labels.noAuthorizationYet":
    "Your enterprise has no authorization yet: apply for the mark first; once the announcement takes effect you can order labels.",
  "labels.notOrderable": "Authorizations that cannot order labels now",
};
