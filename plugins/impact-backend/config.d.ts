export interface Config {
  runway?: {
    impact?: {
      /**
       * What each measured figure was before Runway, in words, shown beside it on the Impact page
       * (keys are figure ids: newServiceTask, newServiceApplied, environmentTask, onboardingAccess,
       * hireFirstStagingDeploy, runsPerWeek, successRate, adoption, environmentsTornDownEarly,
       * costAvoided, deploysPerWeek). The playbook's figures are the default.
       */
      before?: { [figure: string]: string };
    };
  };
}
