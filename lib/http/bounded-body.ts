import { ApiError } from "./errors";

/**
 * The JSON body of a public endpoint, read so that a hostile client costs little: a non-JSON
 * content type is refused (415) before anything is read, a declared length over the cap is
 * refused (413) before anything is read, and a body that turns out longer than declared (or
 * was sent without a length, chunked) is cut off at the cap: never buffered whole.
 */
export async function readBoundedJson(request: Request, maxBytes: number): Promise<unknown> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json" && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) {
    throw new ApiError(415, "unsupported_media_type", "Send the report as JSON, with Content-Type: application/json.");
  }
  const tooLarge = () => new ApiError(413, "payload_too_large", `The request body must be at most ${Math.round(maxBytes / 1024)} KB.`);
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks)));
  } catch {
    throw new ApiError(400, "invalid_json", "The request body must be a JSON object.");
  }
}
