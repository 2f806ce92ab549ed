/** Refusals added by the second hardening pass (issue 13): each says what to do next. */
export const zh = {
  "form.tooManyFields": "表单内容过多（最多 {max} 项），未作任何更改。请刷新页面后重新填写。",
  "upload.broken": "提交的表单数据残缺或格式不对（multipart/form-data），未作任何更改。请重新提交。",
  "upload.fileTooLarge":
    "“{name}”有 {size} MB，超过每个文件 {limit} MB 的上限，未选用，其他文件仍已选中。请压缩后重新选择；已填写的其他内容保留。",
  "upload.filesTooLarge":
    "所选文件共 {size} MB，超过一次提交 {limit} MB 的上限，未选用。请少选几个或压缩后重新选择；已填写的其他内容保留。",
  "document.tooLargeNamed": "“{name}”超过每个文件 {limit} MB 的上限，未收到。请压缩后重新选择；已填写的其他内容保留。",
  "label.serialOtherHead":
    "序号 {typed}-… 不属于本订单：本订单的序号以 {expected}- 开头。请核对标签上印的序号，或只填写序号末尾的数字。未作任何更改。",
};

export const en: Record<keyof typeof zh, string> = {
  "form.tooManyFields":
    "The form has too many entries (at most {max}); nothing was changed. Reload the page and fill it in again.",
  "upload.broken":
    "The submitted form arrived incomplete or malformed (multipart/form-data); nothing was changed. Submit it again.",
  "upload.fileTooLarge":
    "“{name}” is {size} MB, over the limit of {limit} MB per file, so it was not chosen; any other files stay chosen. Make it smaller and choose it again; everything else you entered is kept.",
  "upload.filesTooLarge":
    "The chosen files come to {size} MB, over the limit of {limit} MB per submission, so they were not chosen. Choose fewer or make them smaller; everything else you entered is kept.",
  "document.tooLargeNamed":
    "“{name}” is over the limit of {limit} MB per file and was not received. Make it smaller and choose it again; everything else you entered is kept.",
  "label.serialOtherHead":
    "Serial {typed}-… does not belong to this order: its serials start with {expected}-. Check the serial printed on the label, or enter only its final number. Nothing was changed.",
};
