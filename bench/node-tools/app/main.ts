import { summarize1 } from "./mod1.ts";
import { summarize2 } from "./mod2.ts";
import { summarize3 } from "./mod3.ts";
import { summarize4 } from "./mod4.ts";
import { summarize5 } from "./mod5.ts";
import { summarize6 } from "./mod6.ts";
import { summarize7 } from "./mod7.ts";
import { summarize8 } from "./mod8.ts";
import { summarize9 } from "./mod9.ts";
import { summarize10 } from "./mod10.ts";
import { summarize11 } from "./mod11.ts";
import { summarize12 } from "./mod12.ts";
import { summarize13 } from "./mod13.ts";
import { summarize14 } from "./mod14.ts";
import { summarize15 } from "./mod15.ts";
import { summarize16 } from "./mod16.ts";
import { summarize17 } from "./mod17.ts";
import { summarize18 } from "./mod18.ts";
import { summarize19 } from "./mod19.ts";
import { summarize20 } from "./mod20.ts";
import { summarize21 } from "./mod21.ts";
import { summarize22 } from "./mod22.ts";
import { summarize23 } from "./mod23.ts";
import { summarize24 } from "./mod24.ts";
import { summarize25 } from "./mod25.ts";
import { summarize26 } from "./mod26.ts";
import { summarize27 } from "./mod27.ts";
import { summarize28 } from "./mod28.ts";
import { summarize29 } from "./mod29.ts";
import { summarize30 } from "./mod30.ts";
import type { Options } from "./types.ts";

const options: Options = { minTag: 1 };
const result: number = summarize1(8, options) + summarize4(8, options) + summarize7(8, options) + summarize10(8, options) + summarize13(8, options) + summarize16(8, options) + summarize19(8, options) + summarize22(8, options) + summarize25(8, options) + summarize28(8, options);
if (!Number.isFinite(result)) {
  throw new Error("not a number");
}
