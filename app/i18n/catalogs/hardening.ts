/** Refusals added by the second hardening pass (issue 13): each says what to do next. */
export const zh = {
  "form.tooManyFields": "表单内容过多（最多 {max} 项），未作任何更改。请刷新页面后重新填写。",
  "upload.fileTooLarge":
    "“{name}”有 {size} MB，超过每个文件 {limit} MB 的上限，未选用。请压缩后重新选择；已填写的其他内容保留。",
  "upload.filesTooLarge":
    "所选文件共 {size} MB，超过一次提交 {limit} MB 的上限，未选用。请少选几个或压缩后重新选择；已填写的其他内容保留。",
};

export const en: Record<keyof typeof zh, string> = {
  "form.tooManyFields":
    "The form has too many entries (at most {max}); nothing was changed. Reload the page and fill it in again.",
  "upload.fileTooLarge":
    "“{name}” is {size} MB, over the limit of {limit} MB per file, so it was not chosen. Make it smaller and choose it again; everything else you entered is kept.",
  "upload.filesTooLarge":
    "The chosen files come to {size} MB, over the limit of {limit} MB per submission, so they were not chosen. Choose fewer or make them smaller; everything else you entered is kept.",
};
