import { escapeHtml, html, safeUrl, trustedHtml } from './html';

describe('html', () => {
  it('escapes every interpolation unless it is safe markup', () => {
    const evil = `<script>alert("x")</script>&'\``;
    expect(escapeHtml(evil)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;&#96;',
    );
    expect(html`<p title="${evil}">${evil}</p>`.value).toBe(
      `<p title="${escapeHtml(evil)}">${escapeHtml(evil)}</p>`,
    );
    const inner = html`<b>${'<i>'}</b>`;
    expect(
      html`<div>${inner}${[inner, '<u>']}${trustedHtml('<hr>')}</div>`.value,
    ).toBe('<div><b>&lt;i&gt;</b><b>&lt;i&gt;</b>&lt;u&gt;<hr></div>');
    expect(html`${null}${undefined}${false}${0}`.value).toBe('0');
  });

  it('only lets http(s) URLs through as links', () => {
    expect(safeUrl('https://example.com/x')).toBe('https://example.com/x');
    // eslint-disable-next-line no-script-url -- the attack being tested
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl(' data:text/html,x')).toBeUndefined();
    expect(safeUrl(42)).toBeUndefined();
  });
});
