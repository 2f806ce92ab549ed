/** What a consumer needs: the label's dates, who runs the scan page, a way in from a phone (issue 14, items 11–13). */
export const zh = {
  "verify.collectedOn": "领用日期（贴标到产品批次）",
  "verify.fact.genuine": "该标签于 {on} 领用到下列产品批次上。",
  "verify.fact.voided": "该标签于 {on} 被使用人作废，原因：{reason}。作废的标签不应出现在销售的产品上。",
  "verify.fact.spoiled": "该标签于 {on} 在印制时报废（{reason}），从未交付给使用人，不应出现在任何产品上。",
  "verify.summary.not_activated.issued":
    "该码已生成，但标签尚未印制交付：正规产品上不会出现这枚标签。它可能是伪造或泄露的，请谨慎购买，并考虑举报。",
  "verify.summary.suspended_since": "该使用人自 {since} 起被暂停使用专用标志。暂停期间生产的产品不得使用专用标志。",
  "verify.suspended.before":
    "本产品的生产日期（{made}）早于暂停日期，标签于 {on} 在授权有效期间领用：暂停前生产并加贴标志的产品，其标志是合法加贴的。",
  "verify.suspended.after":
    "本产品的生产日期（{made}）在暂停之后：暂停期间生产的产品不得使用专用标志。请谨慎购买，并考虑举报。",
  "verify.operator.heading": "谁提供这个查询页",
  "verify.operator.name": "运营单位",
  "verify.operator.address": "运营单位地址",
  "verify.operator.authority": "本标志的监管部门",
  "verify.operator.authorityFallback": "{division}市场监督管理部门",
  "verify.operator.hotline": "监管部门电话",
  "verify.operator.hotlineFallback": "12315（全国市场监管投诉举报热线）",
  "verify.operator.realAddress":
    "认准网址：本平台的查询页只在 {origin}/v/ 下。请看浏览器地址栏，网址必须以“{origin}/”开头，不能多字、少字或换字母；其他网址上的“查询结果”都不可信，可拨打上面的电话核实。",
  "verify.operator.realAddressUnknown":
    "请看浏览器地址栏：只相信监管部门公布的网址；网址不对，或者页面要您付款、下载应用、填写银行信息的，都不是本平台。可拨打上面的电话核实。",
  "home.checkCode": "查验标志码",
  "home.checkCodeLead":
    "买到带地理标志专用标志的产品？扫描标签上的二维码，或输入二维码下方的 27 位标志码，马上知道是不是正品。",
  "mark.supervisingAuthority": "监管部门",
  "mark.supervisingAuthorityHint": "监督本标志使用的部门全称，例如“安化县市场监督管理局”。消费者在扫码页面上看到它。",
  "mark.hotline": "监管部门电话",
  "mark.hotlineHint": "消费者核实和举报用的公开电话；不填时扫码页面显示 12315。",
  "mark.hotlineInvalid": "电话只能包含数字、空格、短横线、括号和 +，3 到 40 个字符，例如 0737-1234567。",
};

export const en: Record<keyof typeof zh, string> = {
  "verify.collectedOn": "Collected onto its batch on",
  "verify.fact.genuine": "This label was collected onto the product batch below on {on}.",
  "verify.fact.voided":
    "This label was voided by its user on {on} (reason: {reason}). A voided label should not be on a product for sale.",
  "verify.fact.spoiled":
    "This label was spoiled at the printer on {on} ({reason}) and never delivered to the user: it should not be on any product.",
  "verify.summary.not_activated.issued":
    "This code was generated, but its label has not been printed or delivered yet: no genuine product carries it. It may be forged or leaked: buy with care and consider reporting it.",
  "verify.summary.suspended_since":
    "This user has been suspended from using the special mark since {since}. Products made while suspended may not carry it.",
  "verify.suspended.before":
    "This product was made on {made}, before the suspension, and its label was collected on {on} while the authorization was in force: products made and labelled before the suspension carry the mark lawfully.",
  "verify.suspended.after":
    "This product was made on {made}, after the suspension began: products made while suspended may not carry the mark. Buy with care and consider reporting it.",
  "verify.operator.heading": "Who runs this page",
  "verify.operator.name": "Operator",
  "verify.operator.address": "Operator's address",
  "verify.operator.authority": "Authority supervising this mark",
  "verify.operator.authorityFallback": "Market regulation authority of {division}",
  "verify.operator.hotline": "Authority's hotline",
  "verify.operator.hotlineFallback": "12315 (national market regulation hotline)",
  "verify.operator.realAddress":
    "Know the real address: this platform's check pages are only under {origin}/v/. Look at the address bar: it must begin with “{origin}/”, with no letter added, missing or changed. A “result” at any other address cannot be trusted: call the number above to confirm.",
  "verify.operator.realAddressUnknown":
    "Look at the address bar: trust only the address the regulator publishes. A page at another address, or one asking you to pay, install an app or give bank details, is not this platform. Call the number above to confirm.",
  "home.checkCode": "Check a code",
  "home.checkCodeLead":
    "Bought a product with the GI special mark? Scan the QR code on its label, or type the 27-character code printed under it, to see at once whether it is genuine.",
  "mark.supervisingAuthority": "Supervising authority",
  "mark.supervisingAuthorityHint":
    "Full name of the authority that supervises the mark's use, e.g. “安化县市场监督管理局”. Consumers see it on the scan page.",
  "mark.hotline": "Authority's hotline",
  "mark.hotlineHint": "A public number for consumers to confirm and report; when blank the scan page shows 12315.",
  "mark.hotlineInvalid":
    "A phone number has digits, spaces, hyphens, brackets and + only, 3 to 40 characters, e.g. 0737-1234567.",
};
