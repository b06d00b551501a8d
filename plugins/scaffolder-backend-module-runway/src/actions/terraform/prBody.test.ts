import { escapeMarkdownText } from '@runway/github-node';
import { renderPrBody, taskUrl } from './prBody';

describe('renderPrBody', () => {
  const base = {
    modules: [
      {
        name: 'database',
        source: '../../modules/database/postgres',
        variables: {
          service: 'payments-api',
          storage: 50,
          tags: { a: 'b' },
          subnets: ['x', 'y'],
          extra: true,
        },
      },
    ],
    files: ['services/payments-api/main.tf'],
    taskId: 'abc-123',
    baseUrl: 'https://runway.acme.example/',
  };

  it('has the author’s text, the module table, the requester and the task link', () => {
    expect(
      renderPrBody({
        ...base,
        body: 'Hello **team**',
        requestedBy: 'user:default/priya-raman',
      }),
    ).toBe(`Hello **team**

### Terraform modules

| Module | Source | Key variables |
| --- | --- | --- |
| database | ../../modules/database/postgres | service = "payments-api"<br>storage = 50<br>tags = {1 key}<br>subnets = \\[2 items\\]<br>+1 more |

**Files:** services/payments-api/main.tf

---
Requested by user:default/priya-raman through [Runway task abc-123](https://runway.acme.example/create/tasks/abc-123).
`);
  });

  it('says unknown when nobody is known to have asked', () => {
    expect(renderPrBody(base)).toContain('Requested by unknown through');
  });

  it('escapes values so they cannot break the table or add markup', () => {
    const body = renderPrBody({
      ...base,
      modules: [
        {
          name: 'm',
          source: 'a|b\n| x | y |\n<img src=x onerror=alert(1)>',
          variables: { v: '[link](http://evil) `code` *bold* $math$' },
        },
      ],
    });
    const row = body.split('\n').find(l => l.startsWith('| m |'))!;
    expect(row).toBe(
      '| m | a\\|b \\| x \\| y \\| \\<img src=x onerror=alert(1)\\> | v = "\\[link\\](http://evil) \\`code\\` \\*bold\\* \\$math\\$" |',
    );
    // Only the three column separators plus the two borders are unescaped pipes.
    expect(row.match(/(?<!\\)\|/g)).toHaveLength(4);
  });

  it('shortens long values', () => {
    const body = renderPrBody({
      ...base,
      modules: [{ name: 'm', source: 'x'.repeat(200) }],
    });
    expect(body).toContain(`| m | ${'x'.repeat(79)}… |  |`);
  });
});

describe('escapeMarkdownText and taskUrl', () => {
  it('backslash-escapes inline syntax and flattens newlines', () => {
    expect(escapeMarkdownText('a_b*c\nd|e')).toBe('a\\_b\\*c d\\|e');
  });
  it('builds the task link from the base URL', () => {
    expect(taskUrl('http://localhost:3000', 'id 1')).toBe(
      'http://localhost:3000/create/tasks/id%201',
    );
  });
});

describe('user text in the pull request body', () => {
  it('keeps Markdown formatting but pings nobody and carries no HTML or disguised link', () => {
    const body = renderPrBody({
      body: '**Bucket for @acme/everyone** [click](https://evil.example) <img src=x onerror=y>',
      modules: [],
      files: [],
      requestedBy: 'user:default/@jane',
      taskId: 't-1',
      baseUrl: 'https://runway.acme.example',
    });
    expect(body).not.toMatch(/(^|[^\w])@[a-z]/);
    expect(body).toContain('**Bucket for @\u200dacme/everyone**');
    expect(body).toContain('\\[click\\](https://evil.example)');
    expect(body).toContain('&lt;img src=x onerror=y&gt;');
    expect(body).toContain(
      '[Runway task t-1](https://runway.acme.example/create/tasks/t-1)',
    );
  });
});
