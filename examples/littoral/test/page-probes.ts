/**
 * Measurements taken in the page by the end-to-end test and the benchmark: colours of a screenshot, frame gaps
 * (requestAnimationFrame intervals) while a kernel runs, and waiting for a new result. Page functions are passed as
 * strings so no bundler helper leaks into them.
 */
import type { Page } from 'playwright-core';

/** Colour statistics of a PNG screenshot. */
export interface PixelStatistics {
  readonly pixelCount: number;
  /** Distinct colours (quantised to 4 bits per channel). */
  readonly distinctColours: number;
  /** Pixels of the water colormap's light-to-mid blues (blue > 150 and > red + 40; the terrain's cividis never is), as a fraction. */
  readonly waterFraction: number;
  /** Grey pixels (red, green and blue within 6 of each other), as a fraction: a grey drape shows as these. */
  readonly greyFraction: number;
  /** Pixels of the projected shoreline's orange (red > 220, green 80–140, blue < 40), as a fraction. */
  readonly orangeFraction: number;
}

/**
 * Decodes the screenshot in the page (createImageBitmap) and counts colours.
 *
 * @example
 * ```ts
 * const stats = await pixelStatistics(page, await page.locator('#map').screenshot())
 * ```
 */
export async function pixelStatistics(page: Page, png: Buffer): Promise<PixelStatistics> {
  return page.evaluate(`(async () => {
    const bytes = Uint8Array.from(atob(${JSON.stringify(png.toString('base64'))}), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    context.drawImage(bitmap, 0, 0);
    const data = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
    const colours = new Set();
    let water = 0;
    let grey = 0;
    let orange = 0;
    for (let index = 0; index < data.length; index += 4) {
      const r = data[index], g = data[index + 1], b = data[index + 2];
      colours.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
      if (b > 150 && b > r + 40) water += 1;
      if (Math.max(r, g, b) - Math.min(r, g, b) <= 6) grey += 1;
      if (r > 220 && g > 80 && g < 140 && b < 40) orange += 1;
    }
    return { pixelCount: data.length / 4, distinctColours: colours.size, waterFraction: water / (data.length / 4), greyFraction: grey / (data.length / 4), orangeFraction: orange / (data.length / 4) };
  })()`);
}

/**
 * Starts recording requestAnimationFrame timestamps in the page.
 *
 * @example
 * ```ts
 * await startFrameRecording(page); … ; const gaps = await stopFrameRecording(page)
 * ```
 */
export async function startFrameRecording(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    window.__frameTimes = [];
    window.__recording = true;
    const loop = (time) => { if (!window.__recording) return; window.__frameTimes.push(time); requestAnimationFrame(loop); };
    requestAnimationFrame(loop);
  })()`);
}

/** What {@link stopFrameRecording} measured. */
export interface FrameRecording {
  readonly frames: number;
  /** Largest interval between two frames over the whole recording, ms. */
  readonly maximumGapMilliseconds: number;
  /**
   * Largest interval between two frames that both started before `resultAtMilliseconds` (performance.now() of the
   * page): the frames drawn while the kernel ran in the worker, before its result was drawn. Null without that time.
   */
  readonly maximumGapWhileRunningMilliseconds: number | null;
}

/**
 * Stops recording; returns the frame count and the largest intervals between two frames (ms), over the whole
 * recording and, given the time the result was shown, while the kernel ran.
 *
 * @example
 * ```ts
 * const { maximumGapMilliseconds, maximumGapWhileRunningMilliseconds } = await stopFrameRecording(page, status.timings.lastResultAtMilliseconds)
 * ```
 */
export async function stopFrameRecording(page: Page, resultAtMilliseconds: number | null = null): Promise<FrameRecording> {
  return page.evaluate(`(() => {
    window.__recording = false;
    const times = window.__frameTimes;
    const resultAt = ${resultAtMilliseconds === null ? 'null' : Number(resultAtMilliseconds)};
    let maximum = 0;
    let whileRunning = resultAt === null ? null : 0;
    for (let index = 1; index < times.length; index += 1) {
      const gap = times[index] - times[index - 1];
      maximum = Math.max(maximum, gap);
      if (resultAt !== null && times[index] <= resultAt) whileRunning = Math.max(whileRunning, gap);
    }
    return { frames: times.length, maximumGapMilliseconds: maximum, maximumGapWhileRunningMilliseconds: whileRunning };
  })()`);
}

/**
 * Waits until the app has delivered more than `runs` results (window.__jumeau.runs), returns the new status.
 *
 * @example
 * ```ts
 * const status = await waitForRun(page, before.runs)
 * ```
 */
export async function waitForRun(
  page: Page,
  runs: number,
  timeoutMilliseconds = 120_000,
): Promise<{
  runs: number;
  lastResult: { level: number; people: number; buildings: number };
  timings: {
    lastRunMilliseconds: number;
    firstViewMilliseconds: number;
    lastResultAtMilliseconds: number;
    lastWaterAtMilliseconds: number | null;
  };
}> {
  await page.waitForFunction(`window.__jumeau && window.__jumeau.runs > ${runs}`, null, { timeout: timeoutMilliseconds });
  return page.evaluate('window.__jumeau');
}

/**
 * Waits until the water of the result shown at `resultAtMilliseconds` has been handed to the view, then `settleMilliseconds`
 * more (its redraw), so that a frame recording covers the whole level change.
 *
 * @example
 * ```ts
 * await waitForWater(page, status.timings.lastResultAtMilliseconds)
 * ```
 */
export async function waitForWater(page: Page, resultAtMilliseconds: number, settleMilliseconds = 300): Promise<void> {
  await page.waitForFunction(
    `window.__jumeau.timings.lastWaterAtMilliseconds !== null && window.__jumeau.timings.lastWaterAtMilliseconds >= ${Number(resultAtMilliseconds)}`,
    null,
    { timeout: 120_000 },
  );
  await page.waitForTimeout(settleMilliseconds);
}

/**
 * The app's status (`window.__jumeau`).
 *
 * @example
 * ```ts
 * const { runs } = await appStatus(page)
 * ```
 */
export async function appStatus(page: Page): Promise<{
  ready: boolean;
  runs: number;
  lastResult: { level: number; people: number; buildings: number } | null;
  lastShoreline: {
    horizonYear: number;
    areaLostSquareMetres: number;
    bandCellsAreaSquareMetres: number;
    people: number;
    buildings: number;
  } | null;
  timings: {
    firstViewMilliseconds: number | null;
    lastRunMilliseconds: number | null;
    lastResultAtMilliseconds: number | null;
    lastWaterAtMilliseconds: number | null;
  };
}> {
  return page.evaluate('window.__jumeau');
}
