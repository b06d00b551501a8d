import { render, screen } from '@testing-library/react';
import App from './App';

// The whole app (every discovered plugin) renders in jsdom; that takes a while.
jest.setTimeout(30_000);

describe('App', () => {
  beforeEach(() => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Runway' },
            backend: { baseUrl: 'http://localhost:7007' },
            runway: { signIn: { providers: ['guest'] } },
            techdocs: {
              storageUrl: 'http://localhost:7007/api/techdocs/static/docs',
            },
          },
          context: 'test',
        },
      ] as any,
    };
  });

  it('greets a signed-out visitor with the Runway sign-in page offering guest access', async () => {
    render(App.createRoot());
    expect(
      await screen.findByText('Guest', {}, { timeout: 20_000 }),
    ).toBeInTheDocument();
    expect(screen.getAllByText('Runway').length).toBeGreaterThan(0);
    expect(screen.getByRole('button', { name: /enter/i })).toBeInTheDocument();
  });
});
