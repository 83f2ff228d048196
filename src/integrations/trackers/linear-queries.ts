/** The GraphQL documents Firebreak sends to Linear; the tests validate each against Linear's published schema. */
const ISSUE = 'id identifier url state { type }';

export const LINEAR_QUERIES = {
  team: 'query FirebreakTeam($key: String!) { teams(filter: { key: { eq: $key } }, first: 1) { nodes { id } } }',
  user: 'query FirebreakUser($email: String!) { users(filter: { email: { eq: $email } }, first: 1) { nodes { id } } }',
  labels:
    'query FirebreakLabels($names: [String!]!) { issueLabels(filter: { name: { in: $names } }) { nodes { id name } } }',
  createLabel:
    'mutation FirebreakLabel($input: IssueLabelCreateInput!) { issueLabelCreate(input: $input) { success issueLabel { id } } }',
  findByMarker: `query FirebreakFind($teamId: ID!, $marker: String!) { issues(filter: { team: { id: { eq: $teamId } }, description: { contains: $marker } }, first: 1) { nodes { ${ISSUE} } } }`,
  create: `mutation FirebreakCreate($input: IssueCreateInput!) { issueCreate(input: $input) { success issue { ${ISSUE} } } }`,
  completedState:
    'query FirebreakDone($teamId: ID!) { workflowStates(filter: { team: { id: { eq: $teamId } }, type: { eq: "completed" } }, first: 1) { nodes { id } } }',
  update:
    'mutation FirebreakClose($id: String!, $input: IssueUpdateInput!) { issueUpdate(id: $id, input: $input) { success } }',
  describe:
    'mutation FirebreakDescribe($id: String!, $input: IssueUpdateInput!) { issueUpdate(id: $id, input: $input) { success } }',
  issue: `query FirebreakIssue($id: String!) { issue(id: $id) { ${ISSUE} } }`,
} as const;
