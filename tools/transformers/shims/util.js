// TextEncoder / TextDecoder for a bare V8 (ClearScript has neither): UTF-8 only, as wasm-bindgen uses them.
// Decoding replaces invalid sequences with U+FFFD, as the WHATWG decoder does without `fatal`.
export class TextEncoder {
  get encoding() { return "utf-8"; }
  encode(text = "") {
    const out = new Uint8Array(text.length * 3);
    return out.subarray(0, this.encodeInto(text, out).written);
  }
  encodeInto(text, view) {
    let read = 0, written = 0;
    const length = text.length, capacity = view.length;
    while (read < length) {
      let code = text.charCodeAt(read);
      let units = 1;
      if (code >= 0xd800 && code <= 0xdbff && read + 1 < length) {
        const next = text.charCodeAt(read + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
          units = 2;
        }
      }
      if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd; // a lone surrogate
      if (code < 0x80) {
        if (written + 1 > capacity) break;
        view[written++] = code;
      } else if (code < 0x800) {
        if (written + 2 > capacity) break;
        view[written++] = 0xc0 | (code >> 6);
        view[written++] = 0x80 | (code & 0x3f);
      } else if (code < 0x10000) {
        if (written + 3 > capacity) break;
        view[written++] = 0xe0 | (code >> 12);
        view[written++] = 0x80 | ((code >> 6) & 0x3f);
        view[written++] = 0x80 | (code & 0x3f);
      } else {
        if (written + 4 > capacity) break;
        view[written++] = 0xf0 | (code >> 18);
        view[written++] = 0x80 | ((code >> 12) & 0x3f);
        view[written++] = 0x80 | ((code >> 6) & 0x3f);
        view[written++] = 0x80 | (code & 0x3f);
      }
      read += units;
    }
    return { read, written };
  }
}

export class TextDecoder {
  constructor(label = "utf-8") {
    if (String(label).toLowerCase().replace("-", "") !== "utf8") throw new RangeError(`unsupported encoding ${label}`);
  }
  get encoding() { return "utf-8"; }
  decode(bytes) {
    if (bytes === undefined) return "";
    const length = bytes.length;
    const units = [];
    let text = "";
    let i = 0;
    while (i < length) {
      const b = bytes[i];
      let code = 0xfffd, size = 1;
      if (b < 0x80) { code = b; }
      else if (b >= 0xc2 && b <= 0xdf && i + 1 < length && (bytes[i + 1] & 0xc0) === 0x80) {
        code = ((b & 0x1f) << 6) | (bytes[i + 1] & 0x3f); size = 2;
      } else if (b >= 0xe0 && b <= 0xef && i + 2 < length && (bytes[i + 1] & 0xc0) === 0x80 && (bytes[i + 2] & 0xc0) === 0x80) {
        const c = ((b & 0x0f) << 12) | ((bytes[i + 1] & 0x3f) << 6) | (bytes[i + 2] & 0x3f);
        if (c >= 0x800 && (c < 0xd800 || c > 0xdfff)) { code = c; size = 3; }
      } else if (b >= 0xf0 && b <= 0xf4 && i + 3 < length && (bytes[i + 1] & 0xc0) === 0x80 && (bytes[i + 2] & 0xc0) === 0x80 && (bytes[i + 3] & 0xc0) === 0x80) {
        const c = ((b & 0x07) << 18) | ((bytes[i + 1] & 0x3f) << 12) | ((bytes[i + 2] & 0x3f) << 6) | (bytes[i + 3] & 0x3f);
        if (c >= 0x10000 && c <= 0x10ffff) { code = c; size = 4; }
      }
      if (code >= 0x10000) {
        code -= 0x10000;
        units.push(0xd800 + (code >> 10), 0xdc00 + (code & 0x3ff));
      } else {
        units.push(code);
      }
      i += size;
      if (units.length >= 8192) { text += String.fromCharCode.apply(null, units); units.length = 0; }
    }
    return text + String.fromCharCode.apply(null, units);
  }
}
