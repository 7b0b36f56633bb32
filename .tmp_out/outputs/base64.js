"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.bytesToBase64 = bytesToBase64;
exports.base64ToBytes = base64ToBytes;
/** Base64 for typed-array payloads, without Buffer/btoa (works in Node, workers and browsers alike). */
const ABC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const REV = new Int16Array(128).fill(-1);
for (let i = 0; i < ABC.length; i++) {
    REV[ABC.charCodeAt(i)] = i;
}
function bytesToBase64(b) {
    const out = [];
    let chunk = '';
    for (let i = 0; i < b.length; i += 3) {
        const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
        chunk +=
            ABC[(n >> 18) & 63] +
                ABC[(n >> 12) & 63] +
                (i + 1 < b.length ? ABC[(n >> 6) & 63] : '=') +
                (i + 2 < b.length ? ABC[n & 63] : '=');
        if (chunk.length >= 8192) {
            out.push(chunk);
            chunk = '';
        }
    }
    out.push(chunk);
    return out.join('');
}
/** Decode, or null when the text is not valid base64. */
function base64ToBytes(s) {
    if (s.length % 4 !== 0) {
        return null;
    }
    const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
    const out = new Uint8Array((s.length / 4) * 3 - pad);
    let o = 0;
    for (let i = 0; i < s.length; i += 4) {
        let n = 0;
        for (let k = 0; k < 4; k++) {
            const ch = s.charCodeAt(i + k);
            const isPad = ch === 61 && i + k >= s.length - pad;
            const v = isPad ? 0 : ch < 128 ? REV[ch] : -1;
            if (v < 0) {
                return null;
            }
            n = (n << 6) | v;
        }
        if (o < out.length) {
            out[o++] = (n >> 16) & 255;
        }
        if (o < out.length) {
            out[o++] = (n >> 8) & 255;
        }
        if (o < out.length) {
            out[o++] = n & 255;
        }
    }
    return out;
}
