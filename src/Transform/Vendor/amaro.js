/* amaro@1.2.1: built by tools/transformers/build.mjs; see LICENSE-amaro */
"use strict";
var amaro = (() => {
  var __defProp = Object.defineProperty;
  var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
  var __getOwnPropNames = Object.getOwnPropertyNames;
  var __hasOwnProp = Object.prototype.hasOwnProperty;
  var __esm = (fn, res) => function __init() {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  };
  var __commonJS = (cb, mod) => function __require() {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  };
  var __export = (target, all) => {
    for (var name in all)
      __defProp(target, name, { get: all[name], enumerable: true });
  };
  var __copyProps = (to, from, except, desc) => {
    if (from && typeof from === "object" || typeof from === "function") {
      for (let key of __getOwnPropNames(from))
        if (!__hasOwnProp.call(to, key) && key !== except)
          __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
    }
    return to;
  };
  var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

  // shims/util.js
  var util_exports = {};
  __export(util_exports, {
    TextDecoder: () => TextDecoder,
    TextEncoder: () => TextEncoder
  });
  var TextEncoder, TextDecoder;
  var init_util = __esm({
    "shims/util.js"() {
      TextEncoder = class {
        get encoding() {
          return "utf-8";
        }
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
            if (code >= 55296 && code <= 56319 && read + 1 < length) {
              const next = text.charCodeAt(read + 1);
              if (next >= 56320 && next <= 57343) {
                code = 65536 + (code - 55296 << 10) + (next - 56320);
                units = 2;
              }
            }
            if (code >= 55296 && code <= 57343) code = 65533;
            if (code < 128) {
              if (written + 1 > capacity) break;
              view[written++] = code;
            } else if (code < 2048) {
              if (written + 2 > capacity) break;
              view[written++] = 192 | code >> 6;
              view[written++] = 128 | code & 63;
            } else if (code < 65536) {
              if (written + 3 > capacity) break;
              view[written++] = 224 | code >> 12;
              view[written++] = 128 | code >> 6 & 63;
              view[written++] = 128 | code & 63;
            } else {
              if (written + 4 > capacity) break;
              view[written++] = 240 | code >> 18;
              view[written++] = 128 | code >> 12 & 63;
              view[written++] = 128 | code >> 6 & 63;
              view[written++] = 128 | code & 63;
            }
            read += units;
          }
          return { read, written };
        }
      };
      TextDecoder = class {
        constructor(label = "utf-8") {
          if (String(label).toLowerCase().replace("-", "") !== "utf8") throw new RangeError(`unsupported encoding ${label}`);
        }
        get encoding() {
          return "utf-8";
        }
        decode(bytes) {
          if (bytes === void 0) return "";
          const length = bytes.length;
          const units = [];
          let text = "";
          let i = 0;
          while (i < length) {
            const b = bytes[i];
            let code = 65533, size = 1;
            if (b < 128) {
              code = b;
            } else if (b >= 194 && b <= 223 && i + 1 < length && (bytes[i + 1] & 192) === 128) {
              code = (b & 31) << 6 | bytes[i + 1] & 63;
              size = 2;
            } else if (b >= 224 && b <= 239 && i + 2 < length && (bytes[i + 1] & 192) === 128 && (bytes[i + 2] & 192) === 128) {
              const c = (b & 15) << 12 | (bytes[i + 1] & 63) << 6 | bytes[i + 2] & 63;
              if (c >= 2048 && (c < 55296 || c > 57343)) {
                code = c;
                size = 3;
              }
            } else if (b >= 240 && b <= 244 && i + 3 < length && (bytes[i + 1] & 192) === 128 && (bytes[i + 2] & 192) === 128 && (bytes[i + 3] & 192) === 128) {
              const c = (b & 7) << 18 | (bytes[i + 1] & 63) << 12 | (bytes[i + 2] & 63) << 6 | bytes[i + 3] & 63;
              if (c >= 65536 && c <= 1114111) {
                code = c;
                size = 4;
              }
            }
            if (code >= 65536) {
              code -= 65536;
              units.push(55296 + (code >> 10), 56320 + (code & 1023));
            } else {
              units.push(code);
            }
            i += size;
            if (units.length >= 8192) {
              text += String.fromCharCode.apply(null, units);
              units.length = 0;
            }
          }
          return text + String.fromCharCode.apply(null, units);
        }
      };
    }
  });

  // shims/buffer.js
  var buffer_exports = {};
  __export(buffer_exports, {
    Buffer: () => Buffer2
  });
  var Buffer2;
  var init_buffer = __esm({
    "shims/buffer.js"() {
      Buffer2 = {
        from() {
          const bytes = globalThis.__amaroWasm;
          if (!bytes || typeof bytes.byteLength !== "number") throw new Error("the host did not pass amaro's WebAssembly bytes");
          return bytes;
        }
      };
    }
  });

  // node_modules/amaro/dist/amaro-internal.js
  var require_amaro_internal = __commonJS({
    "node_modules/amaro/dist/amaro-internal.js"(exports, module) {
      var __create = Object.create;
      var __defProp2 = Object.defineProperty;
      var __getOwnPropDesc2 = Object.getOwnPropertyDescriptor;
      var __getOwnPropNames2 = Object.getOwnPropertyNames;
      var __getProtoOf = Object.getPrototypeOf;
      var __hasOwnProp2 = Object.prototype.hasOwnProperty;
      var __commonJS2 = (cb, mod) => function __require() {
        return mod || (0, cb[__getOwnPropNames2(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
      };
      var __export2 = (target, all) => {
        for (var name in all)
          __defProp2(target, name, { get: all[name], enumerable: true });
      };
      var __copyProps2 = (to, from, except, desc) => {
        if (from && typeof from === "object" || typeof from === "function") {
          for (let key of __getOwnPropNames2(from))
            if (!__hasOwnProp2.call(to, key) && key !== except)
              __defProp2(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc2(from, key)) || desc.enumerable });
        }
        return to;
      };
      var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps2(
        // If the importer is in node compatibility mode or this is not an ESM
        // file that has been converted to a CommonJS file using a Babel-
        // compatible transform (i.e. "__esModule" has not been set), then set
        // "default" to the CommonJS "module.exports" for node compatibility.
        isNodeMode || !mod || !mod.__esModule ? __defProp2(target, "default", { value: mod, enumerable: true }) : target,
        mod
      ));
      var __toCommonJS2 = (mod) => __copyProps2(__defProp2({}, "__esModule", { value: true }), mod);
      var require_wasm = __commonJS2({
        "lib/wasm.js"(exports2, module2) {
          "use strict";
          var imports = {};
          imports["__wbindgen_placeholder__"] = module2.exports;
          var wasm;
          var { TextDecoder: TextDecoder2, TextEncoder: TextEncoder2 } = (init_util(), __toCommonJS(util_exports));
          var heap = new Array(128).fill(void 0);
          heap.push(void 0, null, true, false);
          function getObject(idx) {
            return heap[idx];
          }
          var heap_next = heap.length;
          function addHeapObject(obj) {
            if (heap_next === heap.length) heap.push(heap.length + 1);
            const idx = heap_next;
            heap_next = heap[idx];
            heap[idx] = obj;
            return idx;
          }
          function handleError(f, args) {
            try {
              return f.apply(this, args);
            } catch (e) {
              wasm.__wbindgen_export_0(addHeapObject(e));
            }
          }
          var cachedTextDecoder = new TextDecoder2("utf-8", { ignoreBOM: true });
          cachedTextDecoder.decode();
          var cachedUint8ArrayMemory0 = null;
          function getUint8ArrayMemory0() {
            if (cachedUint8ArrayMemory0 === null || cachedUint8ArrayMemory0.byteLength === 0) {
              cachedUint8ArrayMemory0 = new Uint8Array(wasm.memory.buffer);
            }
            return cachedUint8ArrayMemory0;
          }
          function getStringFromWasm0(ptr, len) {
            ptr = ptr >>> 0;
            return cachedTextDecoder.decode(getUint8ArrayMemory0().subarray(ptr, ptr + len));
          }
          function getCachedStringFromWasm0(ptr, len) {
            if (ptr === 0) {
              return getObject(len);
            } else {
              return getStringFromWasm0(ptr, len);
            }
          }
          function dropObject(idx) {
            if (idx < 132) return;
            heap[idx] = heap_next;
            heap_next = idx;
          }
          function takeObject(idx) {
            const ret = getObject(idx);
            dropObject(idx);
            return ret;
          }
          function isLikeNone(x) {
            return x === void 0 || x === null;
          }
          var cachedDataViewMemory0 = null;
          function getDataViewMemory0() {
            if (cachedDataViewMemory0 === null || cachedDataViewMemory0.buffer.detached === true || cachedDataViewMemory0.buffer.detached === void 0 && cachedDataViewMemory0.buffer !== wasm.memory.buffer) {
              cachedDataViewMemory0 = new DataView(wasm.memory.buffer);
            }
            return cachedDataViewMemory0;
          }
          var CLOSURE_DTORS = typeof FinalizationRegistry === "undefined" ? { register: () => {
          }, unregister: () => {
          } } : new FinalizationRegistry((state) => {
            wasm.__wbindgen_export_1.get(state.dtor)(state.a, state.b);
          });
          function makeMutClosure(arg0, arg1, dtor, f) {
            const state = { a: arg0, b: arg1, cnt: 1, dtor };
            const real = (...args) => {
              state.cnt++;
              const a = state.a;
              state.a = 0;
              try {
                return f(a, state.b, ...args);
              } finally {
                if (--state.cnt === 0) {
                  wasm.__wbindgen_export_1.get(state.dtor)(a, state.b);
                  CLOSURE_DTORS.unregister(state);
                } else {
                  state.a = a;
                }
              }
            };
            real.original = state;
            CLOSURE_DTORS.register(real, state, state);
            return real;
          }
          function debugString(val) {
            const type = typeof val;
            if (type == "number" || type == "boolean" || val == null) {
              return `${val}`;
            }
            if (type == "string") {
              return `"${val}"`;
            }
            if (type == "symbol") {
              const description = val.description;
              if (description == null) {
                return "Symbol";
              } else {
                return `Symbol(${description})`;
              }
            }
            if (type == "function") {
              const name = val.name;
              if (typeof name == "string" && name.length > 0) {
                return `Function(${name})`;
              } else {
                return "Function";
              }
            }
            if (Array.isArray(val)) {
              const length = val.length;
              let debug = "[";
              if (length > 0) {
                debug += debugString(val[0]);
              }
              for (let i = 1; i < length; i++) {
                debug += ", " + debugString(val[i]);
              }
              debug += "]";
              return debug;
            }
            const builtInMatches = /\[object ([^\]]+)\]/.exec(toString.call(val));
            let className;
            if (builtInMatches && builtInMatches.length > 1) {
              className = builtInMatches[1];
            } else {
              return toString.call(val);
            }
            if (className == "Object") {
              try {
                return "Object(" + JSON.stringify(val) + ")";
              } catch (_) {
                return "Object";
              }
            }
            if (val instanceof Error) {
              return `${val.name}: ${val.message}
${val.stack}`;
            }
            return className;
          }
          var WASM_VECTOR_LEN = 0;
          var cachedTextEncoder = new TextEncoder2("utf-8");
          var encodeString = typeof cachedTextEncoder.encodeInto === "function" ? function(arg, view) {
            return cachedTextEncoder.encodeInto(arg, view);
          } : function(arg, view) {
            const buf = cachedTextEncoder.encode(arg);
            view.set(buf);
            return {
              read: arg.length,
              written: buf.length
            };
          };
          function passStringToWasm0(arg, malloc, realloc) {
            if (realloc === void 0) {
              const buf = cachedTextEncoder.encode(arg);
              const ptr2 = malloc(buf.length, 1) >>> 0;
              getUint8ArrayMemory0().subarray(ptr2, ptr2 + buf.length).set(buf);
              WASM_VECTOR_LEN = buf.length;
              return ptr2;
            }
            let len = arg.length;
            let ptr = malloc(len, 1) >>> 0;
            const mem = getUint8ArrayMemory0();
            let offset = 0;
            for (; offset < len; offset++) {
              const code = arg.charCodeAt(offset);
              if (code > 127) break;
              mem[ptr + offset] = code;
            }
            if (offset !== len) {
              if (offset !== 0) {
                arg = arg.slice(offset);
              }
              ptr = realloc(ptr, len, len = offset + arg.length * 3, 1) >>> 0;
              const view = getUint8ArrayMemory0().subarray(ptr + offset, ptr + len);
              const ret = encodeString(arg, view);
              offset += ret.written;
              ptr = realloc(ptr, len, offset, 1) >>> 0;
            }
            WASM_VECTOR_LEN = offset;
            return ptr;
          }
          module2.exports.transform = function(input, options) {
            const ret = wasm.transform(addHeapObject(input), addHeapObject(options));
            return takeObject(ret);
          };
          module2.exports.transformSync = function(input, options) {
            try {
              const retptr = wasm.__wbindgen_add_to_stack_pointer(-16);
              wasm.transformSync(retptr, addHeapObject(input), addHeapObject(options));
              var r0 = getDataViewMemory0().getInt32(retptr + 4 * 0, true);
              var r1 = getDataViewMemory0().getInt32(retptr + 4 * 1, true);
              var r2 = getDataViewMemory0().getInt32(retptr + 4 * 2, true);
              if (r2) {
                throw takeObject(r1);
              }
              return takeObject(r0);
            } finally {
              wasm.__wbindgen_add_to_stack_pointer(16);
            }
          };
          module2.exports.transformModuleSyntax = function(input) {
            try {
              const retptr = wasm.__wbindgen_add_to_stack_pointer(-16);
              wasm.transformModuleSyntax(retptr, addHeapObject(input));
              var r0 = getDataViewMemory0().getInt32(retptr + 4 * 0, true);
              var r1 = getDataViewMemory0().getInt32(retptr + 4 * 1, true);
              var r2 = getDataViewMemory0().getInt32(retptr + 4 * 2, true);
              if (r2) {
                throw takeObject(r1);
              }
              return takeObject(r0);
            } finally {
              wasm.__wbindgen_add_to_stack_pointer(16);
            }
          };
          module2.exports.getFirstExpression = function(input, start_column) {
            try {
              const retptr = wasm.__wbindgen_add_to_stack_pointer(-16);
              wasm.getFirstExpression(retptr, addHeapObject(input), start_column);
              var r0 = getDataViewMemory0().getInt32(retptr + 4 * 0, true);
              var r1 = getDataViewMemory0().getInt32(retptr + 4 * 1, true);
              var r2 = getDataViewMemory0().getInt32(retptr + 4 * 2, true);
              var r3 = getDataViewMemory0().getInt32(retptr + 4 * 3, true);
              if (r3) {
                throw takeObject(r2);
              }
              var v1 = getCachedStringFromWasm0(r0, r1);
              if (r0 !== 0) {
                wasm.__wbindgen_export_4(r0, r1, 1);
              }
              return v1;
            } finally {
              wasm.__wbindgen_add_to_stack_pointer(16);
            }
          };
          module2.exports.isValidSyntax = function(input) {
            try {
              const retptr = wasm.__wbindgen_add_to_stack_pointer(-16);
              wasm.isValidSyntax(retptr, addHeapObject(input));
              var r0 = getDataViewMemory0().getInt32(retptr + 4 * 0, true);
              var r1 = getDataViewMemory0().getInt32(retptr + 4 * 1, true);
              var r2 = getDataViewMemory0().getInt32(retptr + 4 * 2, true);
              if (r2) {
                throw takeObject(r1);
              }
              return r0 !== 0;
            } finally {
              wasm.__wbindgen_add_to_stack_pointer(16);
            }
          };
          module2.exports.isRecoverableError = function(input) {
            try {
              const retptr = wasm.__wbindgen_add_to_stack_pointer(-16);
              wasm.isRecoverableError(retptr, addHeapObject(input));
              var r0 = getDataViewMemory0().getInt32(retptr + 4 * 0, true);
              var r1 = getDataViewMemory0().getInt32(retptr + 4 * 1, true);
              var r2 = getDataViewMemory0().getInt32(retptr + 4 * 2, true);
              if (r2) {
                throw takeObject(r1);
              }
              return r0 !== 0;
            } finally {
              wasm.__wbindgen_add_to_stack_pointer(16);
            }
          };
          function __wbg_adapter_50(arg0, arg1, arg2) {
            wasm.__wbindgen_export_5(arg0, arg1, addHeapObject(arg2));
          }
          function __wbg_adapter_81(arg0, arg1, arg2, arg3) {
            wasm.__wbindgen_export_6(arg0, arg1, addHeapObject(arg2), addHeapObject(arg3));
          }
          module2.exports.__wbg_buffer_609cc3eee51ed158 = function(arg0) {
            const ret = getObject(arg0).buffer;
            return addHeapObject(ret);
          };
          module2.exports.__wbg_call_672a4d21634d4a24 = function() {
            return handleError(function(arg0, arg1) {
              const ret = getObject(arg0).call(getObject(arg1));
              return addHeapObject(ret);
            }, arguments);
          };
          module2.exports.__wbg_call_7cccdd69e0791ae2 = function() {
            return handleError(function(arg0, arg1, arg2) {
              const ret = getObject(arg0).call(getObject(arg1), getObject(arg2));
              return addHeapObject(ret);
            }, arguments);
          };
          module2.exports.__wbg_done_769e5ede4b31c67b = function(arg0) {
            const ret = getObject(arg0).done;
            return ret;
          };
          module2.exports.__wbg_entries_3265d4158b33e5dc = function(arg0) {
            const ret = Object.entries(getObject(arg0));
            return addHeapObject(ret);
          };
          module2.exports.__wbg_get_67b2ba62fc30de12 = function() {
            return handleError(function(arg0, arg1) {
              const ret = Reflect.get(getObject(arg0), getObject(arg1));
              return addHeapObject(ret);
            }, arguments);
          };
          module2.exports.__wbg_get_b9b93047fe3cf45b = function(arg0, arg1) {
            const ret = getObject(arg0)[arg1 >>> 0];
            return addHeapObject(ret);
          };
          module2.exports.__wbg_getwithrefkey_1dc361bd10053bfe = function(arg0, arg1) {
            const ret = getObject(arg0)[getObject(arg1)];
            return addHeapObject(ret);
          };
          module2.exports.__wbg_instanceof_ArrayBuffer_e14585432e3737fc = function(arg0) {
            let result;
            try {
              result = getObject(arg0) instanceof ArrayBuffer;
            } catch (_) {
              result = false;
            }
            const ret = result;
            return ret;
          };
          module2.exports.__wbg_instanceof_Map_f3469ce2244d2430 = function(arg0) {
            let result;
            try {
              result = getObject(arg0) instanceof Map;
            } catch (_) {
              result = false;
            }
            const ret = result;
            return ret;
          };
          module2.exports.__wbg_instanceof_Uint8Array_17156bcf118086a9 = function(arg0) {
            let result;
            try {
              result = getObject(arg0) instanceof Uint8Array;
            } catch (_) {
              result = false;
            }
            const ret = result;
            return ret;
          };
          module2.exports.__wbg_isArray_a1eab7e0d067391b = function(arg0) {
            const ret = Array.isArray(getObject(arg0));
            return ret;
          };
          module2.exports.__wbg_isSafeInteger_343e2beeeece1bb0 = function(arg0) {
            const ret = Number.isSafeInteger(getObject(arg0));
            return ret;
          };
          module2.exports.__wbg_iterator_9a24c88df860dc65 = function() {
            const ret = Symbol.iterator;
            return addHeapObject(ret);
          };
          module2.exports.__wbg_length_a446193dc22c12f8 = function(arg0) {
            const ret = getObject(arg0).length;
            return ret;
          };
          module2.exports.__wbg_length_e2d2a49132c1b256 = function(arg0) {
            const ret = getObject(arg0).length;
            return ret;
          };
          module2.exports.__wbg_new_23a2665fac83c611 = function(arg0, arg1) {
            try {
              var state0 = { a: arg0, b: arg1 };
              var cb0 = (arg02, arg12) => {
                const a = state0.a;
                state0.a = 0;
                try {
                  return __wbg_adapter_81(a, state0.b, arg02, arg12);
                } finally {
                  state0.a = a;
                }
              };
              const ret = new Promise(cb0);
              return addHeapObject(ret);
            } finally {
              state0.a = state0.b = 0;
            }
          };
          module2.exports.__wbg_new_405e22f390576ce2 = function() {
            const ret = new Object();
            return addHeapObject(ret);
          };
          module2.exports.__wbg_new_78feb108b6472713 = function() {
            const ret = new Array();
            return addHeapObject(ret);
          };
          module2.exports.__wbg_new_a12002a7f91c75be = function(arg0) {
            const ret = new Uint8Array(getObject(arg0));
            return addHeapObject(ret);
          };
          module2.exports.__wbg_newnoargs_105ed471475aaf50 = function(arg0, arg1) {
            var v0 = getCachedStringFromWasm0(arg0, arg1);
            const ret = new Function(v0);
            return addHeapObject(ret);
          };
          module2.exports.__wbg_next_25feadfc0913fea9 = function(arg0) {
            const ret = getObject(arg0).next;
            return addHeapObject(ret);
          };
          module2.exports.__wbg_next_6574e1a8a62d1055 = function() {
            return handleError(function(arg0) {
              const ret = getObject(arg0).next();
              return addHeapObject(ret);
            }, arguments);
          };
          module2.exports.__wbg_queueMicrotask_97d92b4fcc8a61c5 = function(arg0) {
            queueMicrotask(getObject(arg0));
          };
          module2.exports.__wbg_queueMicrotask_d3219def82552485 = function(arg0) {
            const ret = getObject(arg0).queueMicrotask;
            return addHeapObject(ret);
          };
          module2.exports.__wbg_resolve_4851785c9c5f573d = function(arg0) {
            const ret = Promise.resolve(getObject(arg0));
            return addHeapObject(ret);
          };
          module2.exports.__wbg_set_37837023f3d740e8 = function(arg0, arg1, arg2) {
            getObject(arg0)[arg1 >>> 0] = takeObject(arg2);
          };
          module2.exports.__wbg_set_3f1d0b984ed272ed = function(arg0, arg1, arg2) {
            getObject(arg0)[takeObject(arg1)] = takeObject(arg2);
          };
          module2.exports.__wbg_set_65595bdd868b3009 = function(arg0, arg1, arg2) {
            getObject(arg0).set(getObject(arg1), arg2 >>> 0);
          };
          module2.exports.__wbg_static_accessor_GLOBAL_88a902d13a557d07 = function() {
            const ret = typeof global === "undefined" ? null : global;
            return isLikeNone(ret) ? 0 : addHeapObject(ret);
          };
          module2.exports.__wbg_static_accessor_GLOBAL_THIS_56578be7e9f832b0 = function() {
            const ret = typeof globalThis === "undefined" ? null : globalThis;
            return isLikeNone(ret) ? 0 : addHeapObject(ret);
          };
          module2.exports.__wbg_static_accessor_SELF_37c5d418e4bf5819 = function() {
            const ret = typeof self === "undefined" ? null : self;
            return isLikeNone(ret) ? 0 : addHeapObject(ret);
          };
          module2.exports.__wbg_static_accessor_WINDOW_5de37043a91a9c40 = function() {
            const ret = typeof window === "undefined" ? null : window;
            return isLikeNone(ret) ? 0 : addHeapObject(ret);
          };
          module2.exports.__wbg_then_44b73946d2fb3e7d = function(arg0, arg1) {
            const ret = getObject(arg0).then(getObject(arg1));
            return addHeapObject(ret);
          };
          module2.exports.__wbg_value_cd1ffa7b1ab794f1 = function(arg0) {
            const ret = getObject(arg0).value;
            return addHeapObject(ret);
          };
          module2.exports.__wbindgen_bigint_from_i64 = function(arg0) {
            const ret = arg0;
            return addHeapObject(ret);
          };
          module2.exports.__wbindgen_bigint_from_u64 = function(arg0) {
            const ret = BigInt.asUintN(64, arg0);
            return addHeapObject(ret);
          };
          module2.exports.__wbindgen_bigint_get_as_i64 = function(arg0, arg1) {
            const v = getObject(arg1);
            const ret = typeof v === "bigint" ? v : void 0;
            getDataViewMemory0().setBigInt64(arg0 + 8 * 1, isLikeNone(ret) ? BigInt(0) : ret, true);
            getDataViewMemory0().setInt32(arg0 + 4 * 0, !isLikeNone(ret), true);
          };
          module2.exports.__wbindgen_boolean_get = function(arg0) {
            const v = getObject(arg0);
            const ret = typeof v === "boolean" ? v ? 1 : 0 : 2;
            return ret;
          };
          module2.exports.__wbindgen_cb_drop = function(arg0) {
            const obj = takeObject(arg0).original;
            if (obj.cnt-- == 1) {
              obj.a = 0;
              return true;
            }
            const ret = false;
            return ret;
          };
          module2.exports.__wbindgen_closure_wrapper5675 = function(arg0, arg1, arg2) {
            const ret = makeMutClosure(arg0, arg1, 905, __wbg_adapter_50);
            return addHeapObject(ret);
          };
          module2.exports.__wbindgen_debug_string = function(arg0, arg1) {
            const ret = debugString(getObject(arg1));
            const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_export_2, wasm.__wbindgen_export_3);
            const len1 = WASM_VECTOR_LEN;
            getDataViewMemory0().setInt32(arg0 + 4 * 1, len1, true);
            getDataViewMemory0().setInt32(arg0 + 4 * 0, ptr1, true);
          };
          module2.exports.__wbindgen_error_new = function(arg0, arg1) {
            const ret = new Error(getStringFromWasm0(arg0, arg1));
            return addHeapObject(ret);
          };
          module2.exports.__wbindgen_in = function(arg0, arg1) {
            const ret = getObject(arg0) in getObject(arg1);
            return ret;
          };
          module2.exports.__wbindgen_is_bigint = function(arg0) {
            const ret = typeof getObject(arg0) === "bigint";
            return ret;
          };
          module2.exports.__wbindgen_is_falsy = function(arg0) {
            const ret = !getObject(arg0);
            return ret;
          };
          module2.exports.__wbindgen_is_function = function(arg0) {
            const ret = typeof getObject(arg0) === "function";
            return ret;
          };
          module2.exports.__wbindgen_is_object = function(arg0) {
            const val = getObject(arg0);
            const ret = typeof val === "object" && val !== null;
            return ret;
          };
          module2.exports.__wbindgen_is_string = function(arg0) {
            const ret = typeof getObject(arg0) === "string";
            return ret;
          };
          module2.exports.__wbindgen_is_undefined = function(arg0) {
            const ret = getObject(arg0) === void 0;
            return ret;
          };
          module2.exports.__wbindgen_jsval_eq = function(arg0, arg1) {
            const ret = getObject(arg0) === getObject(arg1);
            return ret;
          };
          module2.exports.__wbindgen_jsval_loose_eq = function(arg0, arg1) {
            const ret = getObject(arg0) == getObject(arg1);
            return ret;
          };
          module2.exports.__wbindgen_memory = function() {
            const ret = wasm.memory;
            return addHeapObject(ret);
          };
          module2.exports.__wbindgen_number_get = function(arg0, arg1) {
            const obj = getObject(arg1);
            const ret = typeof obj === "number" ? obj : void 0;
            getDataViewMemory0().setFloat64(arg0 + 8 * 1, isLikeNone(ret) ? 0 : ret, true);
            getDataViewMemory0().setInt32(arg0 + 4 * 0, !isLikeNone(ret), true);
          };
          module2.exports.__wbindgen_number_new = function(arg0) {
            const ret = arg0;
            return addHeapObject(ret);
          };
          module2.exports.__wbindgen_object_clone_ref = function(arg0) {
            const ret = getObject(arg0);
            return addHeapObject(ret);
          };
          module2.exports.__wbindgen_object_drop_ref = function(arg0) {
            takeObject(arg0);
          };
          module2.exports.__wbindgen_string_get = function(arg0, arg1) {
            const obj = getObject(arg1);
            const ret = typeof obj === "string" ? obj : void 0;
            var ptr1 = isLikeNone(ret) ? 0 : passStringToWasm0(ret, wasm.__wbindgen_export_2, wasm.__wbindgen_export_3);
            var len1 = WASM_VECTOR_LEN;
            getDataViewMemory0().setInt32(arg0 + 4 * 1, len1, true);
            getDataViewMemory0().setInt32(arg0 + 4 * 0, ptr1, true);
          };
          module2.exports.__wbindgen_string_new = function(arg0, arg1) {
            const ret = getStringFromWasm0(arg0, arg1);
            return addHeapObject(ret);
          };
          module2.exports.__wbindgen_throw = function(arg0, arg1) {
            throw new Error(getStringFromWasm0(arg0, arg1));
          };
          var { Buffer: Buffer22 } = (init_buffer(), __toCommonJS(buffer_exports));
          var bytes = Buffer22.from();
          var wasmModule = new WebAssembly.Module(bytes);
          var wasmInstance = new WebAssembly.Instance(wasmModule, imports);
          wasm = wasmInstance.exports;
          module2.exports.__wasm = wasm;
        }
      });
      var internal_exports = {};
      __export2(internal_exports, {
        getFirstExpression: () => getFirstExpression,
        isRecoverableError: () => isRecoverableError,
        isValidSyntax: () => isValidSyntax,
        transformModuleSyntax: () => transformModuleSyntax,
        transformSync: () => transformSync
      });
      module.exports = __toCommonJS2(internal_exports);
      var import_wasm = __toESM(require_wasm());
      var DEFAULT_OPTIONS = {
        mode: "strip-only",
        deprecatedTsModuleAsError: true,
        // default transform will only work when mode is "transform"
        transform: {
          verbatimModuleSyntax: true,
          nativeClassProperties: true,
          noEmptyExport: true,
          importNotUsedAsValues: "preserve"
        }
      };
      function transformSync(source, options) {
        const input = `${source ?? ""}`;
        return import_wasm.default.transformSync(input, {
          ...DEFAULT_OPTIONS,
          ...options
        });
      }
      function transformModuleSyntax(source) {
        return import_wasm.default.transformModuleSyntax(`${source ?? ""}`);
      }
      function getFirstExpression(source, startColumn) {
        return import_wasm.default.getFirstExpression(`${source ?? ""}`, startColumn);
      }
      function isValidSyntax(source) {
        return import_wasm.default.isValidSyntax(`${source ?? ""}`);
      }
      function isRecoverableError(source) {
        return import_wasm.default.isRecoverableError(`${source ?? ""}`);
      }
    }
  });
  return require_amaro_internal();
})();
