import { forwardPlanDate } from './council-procedure';

describe('the demo forward plan date', () => {
  it('is the story’s March 2027 board while that board is more than five weeks ahead', () => {
    expect(forwardPlanDate(Date.parse('2026-12-06T23:00:00Z'))).toBe('2027-03-11');
  });

  it('moves to five weeks after the run once the story’s board is nearer or past, so the demo never expires', () => {
    expect(forwardPlanDate(Date.parse('2027-03-01T12:00:00Z'))).toBe('2027-04-05');
    expect(forwardPlanDate(Date.parse('2031-06-30T23:30:00Z'))).toBe('2031-08-05');
  });
});
