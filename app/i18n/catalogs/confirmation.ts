/** The confirmation step of every legal act (app/forms/confirmation.ts). Decision 040. */
export const zh = {
  "confirm.title": "请确认：{act}",
  "confirm.intro": "以下事项尚未办理。请逐项核对，确认后立即生效；点“取消”不会作任何改变。",
  "confirm.count": "共 {count} 项",
  "confirm.enterprise": "企业",
  "confirm.mark": "地理标志",
  "confirm.change": "将发生的变化",
  "confirm.effectiveOn": "生效日期",
  "confirm.publicEffect": "公众将看到",
  "confirm.button": "确认{act}",
  "confirm.cancel": "取消",
  "confirm.statusChange": "{from:status} → {to:status}",
  "confirm.exitReason": "退出原因：{reason:exit}",
  "confirm.grounds": "意见 / 理由：{text}",
  "confirm.documentRef": "文书编号：{text}",
  "confirm.public.exit":
    "公开登记簿将显示该企业“{to:status}”及退出日期和原因；此后扫描其标签将提示该企业已退出。退出事项可列入下一期公告。",
  "confirm.public.suspend": "公开登记簿将显示“暂停使用”；扫描其标签将提示该用标资格已暂停。",
  "confirm.public.none": "不在公开登记簿中显示；企业在本系统中可看到结果和理由。",
  "confirm.public.void": "扫描这些标签将显示“已作废的标签”；标签台账记录这次作废。",
  "confirm.public.announcement":
    "公告将在公告栏公开（编号、日期和下列全部事项）；准予使用的企业自公告日起在公开登记簿中显示为“使用中”。",
  "confirm.entry": "准予使用：{from:status} → {to:status}（自公告日起）",
  "confirm.exit": "公告退出：{status:status}，退出日期 {on:date}",
  "confirm.orderChange": "印制申请：{from:labels.status} → {to:labels.status}",
  "confirm.voidRange": "作废 {count} 枚标签：{from} — {to}",
  "confirm.voidReason": "作废原因：{reason:labels.voidReason}",
  "confirm.voidCollected":
    "注意：其中 {count} 枚已领用，已贴在产品上。作废后，消费者扫描这些产品上的标签将看到“已作废的标签”。",
  "confirm.title.announcement": "公告标题：{title}",
  "label.actionNotAllowed": "该印制申请当前状态（{status:labels.status}）下不能办理此项。页面已显示最新状态。",
};

export const en: Record<keyof typeof zh, string> = {
  "confirm.title": "Please confirm: {act}",
  "confirm.intro":
    "Nothing has been done yet. Check each item; it takes effect as soon as you confirm. Going back changes nothing.",
  "confirm.count": "{count} {count|item|items}",
  "confirm.enterprise": "Enterprise",
  "confirm.mark": "Mark",
  "confirm.change": "What changes",
  "confirm.effectiveOn": "Effective date",
  "confirm.publicEffect": "What the public will see",
  "confirm.button": "Confirm: {act}",
  "confirm.cancel": "Go back, change nothing",
  "confirm.statusChange": "{from:status} → {to:status}",
  "confirm.exitReason": "Exit reason: {reason:exit}",
  "confirm.grounds": "Grounds: {text}",
  "confirm.documentRef": "Document no.: {text}",
  "confirm.public.exit":
    "The public register will show the enterprise as {to:status}, with the exit date and reason; scans of its labels will say it has exited. The exit can go into the next announcement.",
  "confirm.public.suspend":
    "The public register will show “Suspended”; scans of its labels will say the authorization is suspended.",
  "confirm.public.none": "Not shown on the public register; the enterprise sees the outcome and the grounds here.",
  "confirm.public.void": "Scans of these labels will show “Voided label”; the label ledger records this voiding.",
  "confirm.public.announcement":
    "The announcement is published on the notice board (number, date and every item below); enterprises granted use show as Active on the public register from its date.",
  "confirm.entry": "Granted use: {from:status} → {to:status} (from the announcement date)",
  "confirm.exit": "Exit announced: {status:status}, exited on {on:date}",
  "confirm.orderChange": "Label order: {from:labels.status} → {to:labels.status}",
  "confirm.voidRange": "Void {count} {count|label|labels}: {from} — {to}",
  "confirm.voidReason": "Reason: {reason:labels.voidReason}",
  "confirm.voidCollected":
    "Note: {count} of them are collected and already on products. Once voided, shoppers scanning those products will see “voided label”.",
  "confirm.title.announcement": "Title: {title}",
  "label.actionNotAllowed":
    "This cannot be done while the label order is {status:labels.status}. The page now shows its current state.",
};
