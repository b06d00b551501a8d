/** The columns of the Environments table, in order (the browser test finds cells by them too). */
export const ENVIRONMENT_COLUMNS = [
  'Name',
  'Type',
  'State',
  'Owner team',
  'Services',
  'URLs',
  'Time left',
  'Cost',
  'Actions',
];
