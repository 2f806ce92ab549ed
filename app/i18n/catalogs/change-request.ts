/** Change requests (变更): which authorization a change of products concerns, and who decides (decision 015). */
export const zh = {
  "change.authorization": "变更产品所属的用标资格",
  "change.authorizationHint": "产品变更由该用标资格生产地址所在县（区）的监管部门审核。",
  "change.authorizationChoose": "请选择",
  "change.authorizationRequired": "变更产品时，请选择是哪一项用标资格的产品。",
  "change.authorizationUnknown": "所选用标资格不存在或已不在有效期内，请重新选择。",
  "change.productsOf": "{mark}的产品",
  "change.notYours": "该变更涉及其他县（区）的用标资格，由其监管部门审核。",
  "change.nothingOnRecord":
    "贵企业还没有提交过用标申请，登记信息尚未进入任何记录，暂无可变更的内容。提交申请后，名称、地址、法定代表人等发生变化时，可在此申请变更。",
};

export const en: Record<keyof typeof zh, string> = {
  "change.authorization": "Authorization whose products change",
  "change.authorizationHint":
    "A change of products is reviewed by the regulator of the county where that authorization's production site is.",
  "change.authorizationChoose": "Choose",
  "change.authorizationRequired": "To change products, choose the authorization they belong to.",
  "change.authorizationUnknown": "That authorization does not exist or is no longer in force; choose again.",
  "change.productsOf": "Products under {mark}",
  "change.notYours": "This change concerns another county's authorization; its regulator decides it.",
  "change.nothingOnRecord":
    "Your enterprise has not applied for a mark yet, so none of its particulars are on record and there is nothing to change. Once you have applied, request a change here when your name, address or legal representative changes.",
};
