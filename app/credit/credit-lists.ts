/** The three kinds of credit record (shared by the server module and the page's list). */
export const CREDIT_LISTS = ["abnormal_operation", "serious_dishonesty", "administrative_penalty"] as const;
