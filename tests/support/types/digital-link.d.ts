// GS1's digital-link.js ships no types; the few calls the tests make.
declare module "digital-link.js" {
  export function DigitalLink(uri: string): {
    isValid(): boolean;
    getIdentifier(): Record<string, string>;
    getKeyQualifier(ai: string): string;
  };
}
