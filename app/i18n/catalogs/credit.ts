/** Credit records: import line errors by column, and rows refused by competence (decision 015). */
export const zh = {
  "credit.badLine.uscc": "第 {line} 行的统一社会信用代码有误，未导入任何记录。请修改后重新提交。",
  "credit.badLine.list": "第 {line} 行的名录类别无法识别，未导入任何记录。请修改后重新提交。",
  "credit.badLine.decidedOn": "第 {line} 行的决定日期有误，未导入任何记录。请修改后重新提交。",
  "credit.badLine.authority": "第 {line} 行缺少作出决定的机关（或过长），未导入任何记录。请修改后重新提交。",
  "credit.badLine.documentNo": "第 {line} 行缺少决定书文号（或过长），未导入任何记录。请修改后重新提交。",
  "credit.badLine.reason": "第 {line} 行缺少事由（或过长），未导入任何记录。请修改后重新提交。",
  "credit.refused.title": "以下 {count} 条未登记",
  "credit.refused.line": "行号",
  "credit.refused.reason": "原因",
  "credit.refused.unregistered": "本平台没有使用该信用代码的企业，无法确认其用标资格在本辖区。",
  "credit.refused.notCompetent": "该企业在本辖区没有用标资格（含申请中），应由其用标资格所在地的监管部门登记。",
};

export const en: Record<keyof typeof zh, string> = {
  "credit.badLine.uscc": "The credit code on line {line} is wrong; nothing was imported. Correct it and submit again.",
  "credit.badLine.list":
    "The list on line {line} is not recognised; nothing was imported. Correct it and submit again.",
  "credit.badLine.decidedOn":
    "The decision date on line {line} is wrong; nothing was imported. Correct it and submit again.",
  "credit.badLine.authority":
    "The deciding authority on line {line} is missing or too long; nothing was imported. Correct it and submit again.",
  "credit.badLine.documentNo":
    "The decision number on line {line} is missing or too long; nothing was imported. Correct it and submit again.",
  "credit.badLine.reason":
    "The grounds on line {line} are missing or too long; nothing was imported. Correct it and submit again.",
  "credit.refused.title": "{count} not recorded",
  "credit.refused.line": "Line",
  "credit.refused.reason": "Reason",
  "credit.refused.unregistered":
    "No enterprise here has this credit code, so it cannot be shown to hold an authorization in your division.",
  "credit.refused.notCompetent":
    "This enterprise has no authorization or application in your division; the regulator where its authorizations are records it.",
};
