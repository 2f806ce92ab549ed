import { apiJson } from "#app/http/api.server.ts";
import { openApiDocument } from "#app/http/openapi.ts";

export async function loader() {
  return apiJson(openApiDocument());
}
