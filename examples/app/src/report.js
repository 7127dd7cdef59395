export function report(url) {
  console.log("report loaded from", url);
}
