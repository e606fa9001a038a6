import { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { isoCBOR } from "@simplewebauthn/server/helpers";
import { authenticationResponseSchema, registrationResponseSchema, type AuthenticationResponse, type RegistrationResponse } from "@/lib/validation/passkeys";

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest();
const b64url = (data: Buffer | Uint8Array) => Buffer.from(data).toString("base64url");
const uint32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
// Flags (WebAuthn §6.1): user present, user verified, attested credential data included.
const UP = 0x01;
const UV = 0x04;
const AT = 0x40;

type Credential = { id: Buffer; privateKey: KeyObject; userHandle: string; counter: number };

/**
 * A software authenticator for integration tests: real P-256 keys, real signatures, "none"
 * attestation, the byte layouts of WebAuthn Level 2. What a browser and a security key would
 * send, without a browser, so the server's checks (challenge, origin, RP ID, signature,
 * counter) run exactly as in production. `origin` is the page the "browser" is on.
 */
export class SoftAuthenticator {
  credentials: Credential[] = [];
  constructor(
    readonly origin = "http://localhost:3000",
    readonly rpID = new URL(origin).hostname,
  ) {}

  /** A new credential for `options`; with `reuse`, the same key pair and id again (a crafted response). */
  register(options: PublicKeyCredentialCreationOptionsJSON, reuse?: Credential): RegistrationResponse {
    const { privateKey, publicKey } = reuse ? { privateKey: reuse.privateKey, publicKey: createPublicKey(reuse.privateKey) } : generateKeyPairSync("ec", { namedCurve: "P-256" });
    const jwk = publicKey.export({ format: "jwk" });
    const cose = isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x!, "base64url")],
        [-3, Buffer.from(jwk.y!, "base64url")],
      ]),
    );
    const id = reuse?.id ?? randomBytes(32);
    const credIdLength = Buffer.alloc(2);
    credIdLength.writeUInt16BE(id.length);
    const authData = Buffer.concat([sha256(this.rpID), Buffer.from([UP | UV | AT]), uint32(0), Buffer.alloc(16), credIdLength, id, Buffer.from(cose)]);
    const attestationObject = isoCBOR.encode(new Map<string, unknown>([["fmt", "none"], ["attStmt", new Map()], ["authData", authData]]) as never);
    const clientDataJSON = JSON.stringify({ type: "webauthn.create", challenge: options.challenge, origin: this.origin, crossOrigin: false });
    if (!reuse) this.credentials.push({ id, privateKey, userHandle: options.user.id, counter: 0 });
    // Through the app's own schema, as the action does: it must accept what a browser sends.
    return registrationResponseSchema.parse({
      id: b64url(id),
      rawId: b64url(id),
      type: "public-key",
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
      response: { clientDataJSON: b64url(Buffer.from(clientDataJSON)), attestationObject: b64url(attestationObject), transports: ["internal"] },
    });
  }

  /** Signs the challenge with the credential (by default the newest), counting up like a real key. */
  authenticate(options: PublicKeyCredentialRequestOptionsJSON, credential = this.credentials.at(-1)!): AuthenticationResponse {
    credential.counter += 1;
    const authData = Buffer.concat([sha256(this.rpID), Buffer.from([UP | UV]), uint32(credential.counter)]);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: "webauthn.get", challenge: options.challenge, origin: this.origin, crossOrigin: false }));
    const signature = sign("sha256", Buffer.concat([authData, sha256(clientDataJSON)]), credential.privateKey);
    return authenticationResponseSchema.parse({
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: "public-key",
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
      response: { clientDataJSON: b64url(clientDataJSON), authenticatorData: b64url(authData), signature: b64url(signature), userHandle: credential.userHandle },
    });
  }
}
