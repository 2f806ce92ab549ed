/** Refusals added by the second hardening pass (issue 13): each says what to do next. */
export const zh = {
  "form.tooManyFields": "表单内容过多（最多 {max} 项），未作任何更改。请刷新页面后重新填写。",
};

export const en: Record<keyof typeof zh, string> = {
  "form.tooManyFields":
    "The form has too many entries (at most {max}); nothing was changed. Reload the page and fill it in again.",
};
