/**
 * Five-field cron (the scanner schedule in config) to EventBridge Scheduler's six-field cron: minutes hours
 * day-of-month month day-of-week year, where one of the two day fields must be "?" and weekdays count 1-7 from Sunday.
 */
export function awsCron(fiveField: string): string {
  const f = fiveField.trim().split(/\s+/);
  if (f.length !== 5) throw new Error(`awsCron: "${fiveField}" is not five cron fields`);
  const [min, hour, dom, month, dow] = f;
  if (dom !== "*" && dow !== "*")
    throw new Error(`awsCron: "${fiveField}" restricts both day-of-month and day-of-week; EventBridge Scheduler accepts only one`);
  const weekday = dow === "*" ? "?" : dow.replace(/\d+/g, (d) => String((Number(d) % 7) + 1));
  return `cron(${min} ${hour} ${dow === "*" ? dom : "?"} ${month} ${weekday} *)`;
}
