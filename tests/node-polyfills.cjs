// Node 20 lacks Map.groupBy (Node 21+); vitest 5's error reporter calls it when a test fails.
if (typeof Map.groupBy !== 'function') {
  Map.groupBy = function groupBy(items, key) {
    const m = new Map();
    let i = 0;
    for (const item of items) {
      const k = key(item, i++);
      if (!m.has(k)) m.set(k, []);
      m.get(k).push(item);
    }
    return m;
  };
}
if (typeof Object.groupBy !== 'function') {
  Object.groupBy = function groupBy(items, key) {
    const o = Object.create(null);
    let i = 0;
    for (const item of items) {
      const k = key(item, i++);
      (o[k] ||= []).push(item);
    }
    return o;
  };
}
