/** The columns of the New hires table, in order (the browser test finds cells by them too). */
export const NEW_HIRES_COLUMNS = ['Person', 'Direction', 'State', 'Checklist'];
