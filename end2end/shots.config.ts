import base from './playwright.config';
export default { ...base, testDir: '.', testMatch: /shots\.tmp\.spec\.ts/, projects: undefined };
