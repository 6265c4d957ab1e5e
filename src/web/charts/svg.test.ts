import { describe, expect, it } from 'vitest';
import { lineChart } from './line-chart.ts';
import { escapeXml, formatValue, niceTicks, svgDocument, wrapWords } from './svg.ts';

type XmlElement = { name: string; attributes: Record<string, string>; children: XmlElement[] };

const entity = /^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/;
const namePattern = /^[A-Za-z_][\w.:-]*/;

/** Rejects stray '&' (anything but a known entity), and '<' in attribute values. */
function checkCharacterData(text: string, where: string): void {
  for (let i = text.indexOf('&'); i !== -1; i = text.indexOf('&', i + 1)) {
    if (!entity.test(text.slice(i))) throw new Error(`bare & in ${where}`);
  }
}

/**
 * A small XML well-formedness check, enough for SVG we write ourselves: one root, balanced and
 * properly nested tags, quoted unique attributes, escaped text. Throws on the first fault.
 */
function parseXml(xml: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt === -1 ? xml.length : lt);
    if (stack.length === 0 && text.trim() !== '') throw new Error('text outside the root');
    checkCharacterData(text, 'text');
    if (lt === -1) break;
    if (xml.startsWith('</', lt)) {
      const gt = xml.indexOf('>', lt);
      const name = xml.slice(lt + 2, gt).trim();
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> closes <${open?.name}>`);
      i = gt + 1;
      continue;
    }
    i = lt + 1;
    const name = namePattern.exec(xml.slice(i))?.[0];
    if (!name) throw new Error(`bad tag name at ${lt}`);
    i += name.length;
    const element: XmlElement = { name, attributes: {}, children: [] };
    for (;;) {
      const rest = xml.slice(i);
      const space = /^\s*/.exec(rest)![0].length;
      i += space;
      if (xml.startsWith('/>', i) || xml.startsWith('>', i)) break;
      if (space === 0) throw new Error(`no space before attribute in <${name}>`);
      const attribute = /^([A-Za-z_][\w.:-]*)="([^"<]*)"/.exec(xml.slice(i));
      if (!attribute) throw new Error(`bad attribute in <${name}> at ${i}`);
      const [whole, key, value] = attribute as unknown as [string, string, string];
      if (key in element.attributes) throw new Error(`duplicate ${key} in <${name}>`);
      checkCharacterData(value, `${name}@${key}`);
      element.attributes[key] = value;
      i += whole.length;
    }
    if (root && stack.length === 0) throw new Error('more than one root element');
    root ??= element;
    stack.at(-1)?.children.push(element);
    const selfClosing = xml.startsWith('/>', i);
    i += selfClosing ? 2 : 1;
    if (!selfClosing) stack.push(element);
  }
  if (stack.length > 0) throw new Error(`<${stack.at(-1)!.name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}

function all(element: XmlElement): XmlElement[] {
  return [element, ...element.children.flatMap(all)];
}

const hostile = '<script>alert("x")</script> & Co\'s "team"';

describe('the well-formedness check', () => {
  it('accepts nested, escaped markup and rejects what a browser XML parser would', () => {
    expect(parseXml('<a x="1 &amp; 2"><b/>t &lt; u</a>').children[0]!.name).toBe('b');
    for (const bad of [
      '<a><b></a></b>',
      '<a>',
      '<a x="1" x="2"/>',
      '<a x=1/>',
      '<a>fish & chips</a>',
      '<a/><b/>',
      '<a x="<"/>',
    ]) {
      expect(() => parseXml(bad), bad).toThrow();
    }
  });
});

describe('charts as XML', () => {
  const line = lineChart({
    id: 'trend',
    title: hostile,
    xLabels: [hostile, 'Apr 2026', 'May 2026'],
    series: [
      { name: hostile, values: [0.5, null, 0.75] },
      { name: 'Target & stretch', values: [0.8, 0.8, 0.8], style: 'dotted' },
    ],
    yFormat: 'percent',
  });
  const counts = lineChart({
    id: 'teams',
    title: hostile,
    xLabels: [hostile, 'North'],
    series: [
      { name: hostile, values: [3, 4] },
      { name: 'Late', values: [1, 0], style: 'dashed' },
    ],
    yFormat: 'count',
  });

  it('are well-formed XML with an svg root, even with markup in every label', () => {
    for (const svg of [line, counts]) {
      const root = parseXml(svg);
      expect(root.name).toBe('svg');
      expect(root.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
      expect(all(root).some((e) => e.name === 'script')).toBe(false);
      expect(svg).not.toContain('<script>');
      expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co&#39;s');
    }
  });

  it('give every element id a unique value across charts on the same page', () => {
    const ids = [line, counts].flatMap((svg) =>
      all(parseXml(svg)).flatMap((e) => (e.attributes.id ? [e.attributes.id] : [])),
    );
    expect(ids).toContain('trend-title');
    expect(ids).toContain('teams-desc');
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('svgDocument', () => {
  it('labels the image by its title and description', () => {
    const svg = svgDocument(
      { id: 'c1', title: 'T & U', description: 'D', width: 100, height: 50, className: 'x' },
      [],
    );
    const root = parseXml(svg);
    expect(root.attributes).toMatchObject({
      role: 'img',
      'aria-labelledby': 'c1-title c1-desc',
      viewBox: '0 0 100 50',
      width: '100%',
    });
    expect(root.children.map((c) => [c.name, c.attributes.id])).toEqual([
      ['title', 'c1-title'],
      ['desc', 'c1-desc'],
    ]);
  });

  it('refuses an id that would break out of its attribute', () => {
    const root = { title: 't', description: 'd', width: 1, height: 1, className: 'x' };
    expect(() => svgDocument({ ...root, id: 'a" onload="x' }, [])).toThrow();
    expect(() => svgDocument({ ...root, id: '' }, [])).toThrow();
  });
});

describe('escapeXml', () => {
  it('escapes the five XML specials', () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;',
    );
  });
});

describe('formatValue', () => {
  it('writes counts with en-GB grouping and percentages from fractions', () => {
    expect(formatValue(1234567, 'count')).toBe('1,234,567');
    expect(formatValue(0.875, 'percent')).toBe('88%');
    expect(formatValue(0.996, 'percent')).toBe('99.6%');
  });
});

describe('niceTicks', () => {
  it('runs a percentage axis from 0% to 100% in round steps', () => {
    expect(niceTicks(1, 'percent')).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.72, 'percent')).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
  });

  it('steps counts by 1, 2 or 5 times a power of ten, reaching at least the maximum', () => {
    expect(niceTicks(47, 'count')).toEqual([0, 10, 20, 30, 40, 50]);
    expect(niceTicks(7, 'count')).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(1234, 'count')).toEqual([0, 250, 500, 750, 1000, 1250]);
    expect(niceTicks(3, 'count')).toEqual([0, 1, 2, 3]);
  });

  it('still draws an axis when there is nothing to show', () => {
    expect(niceTicks(0, 'count')).toEqual([0, 1]);
    expect(niceTicks(0, 'percent').at(-1)).toBe(1);
  });
});

describe('wrapWords', () => {
  it('breaks long labels at spaces only', () => {
    expect(wrapWords('Leaving care and young people', 12)).toEqual([
      'Leaving care',
      'and young',
      'people',
    ]);
    expect(wrapWords('Mar 2026', 4)).toEqual(['Mar', '2026']);
    expect(wrapWords('Supercalifragilistic', 5)).toEqual(['Supercalifragilistic']);
  });
});
