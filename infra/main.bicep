// Azure deployment of the Orchestrator Functions app (`azd up`, see azure.yaml). One resource group per azd
// environment with:
//   - a user-assigned managed identity the app runs as (app/identity.bicep) and its role assignments (app/rbac.bicep),
//   - a storage account with shared keys disabled (app/storage.bicep),
//   - a Key Vault with RBAC authorization for destination secrets (app/keyvault.bicep),
//   - Log Analytics and Application Insights (app/monitoring.bicep),
//   - a Flex Consumption plan and the .NET 10 isolated Function App with its app settings (app/api.bicep).
// Plain local modules only, so `bicep build` needs no registry and no network.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; part of the resource group name and of the unique resource token.')
param environmentName string

@minLength(1)
@description('Primary location for all resources (a region that offers Flex Consumption).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Resource group name. Empty: rg-<environmentName>.')
param resourceGroupName string = ''

@description('Durable Task hub name (DURABLE_TASK_HUB): 3-45 letters and digits, starting with a letter.')
@minLength(3)
@maxLength(45)
param durableTaskHubName string = 'Orchestrator'

@description('NCRONTAB (six fields, UTC) of the nightly export timer (NIGHTLY_SCHEDULE).')
param nightlySchedule string = '0 0 2 * * *'

@description('NCRONTAB (six fields, UTC) of the daily durable-history purge (PURGE_SCHEDULE).')
param purgeSchedule string = '0 30 3 * * *'

@description('Days of durable history kept by the daily purge.')
@minValue(1)
param historyRetentionDays int = 30

@description('Our AWS principal (role ARN) that customers\' trust policies must name (Sts:TrustedPrincipalArns:0). May be empty.')
param awsTrustedPrincipalArn string = ''

@description('The service\'s own AWS role, assumed with AssumeRoleWithWebIdentity using the app identity\'s Entra ID token (Sts:ServiceRoleArn). Empty: not set.')
param awsServiceRoleArn string = ''

@description('Audience of the Entra ID token exchanged for the service role (Sts:WebIdentityAudience); the AWS OIDC provider\'s client id.')
param awsWebIdentityAudience string = 'api://AzureADTokenExchange'

@description('Where reports are read from (Reports:Source).')
@allowed([
  'Blob'
  'Synthetic'
])
param reportSource string = 'Blob'

@description('Key Vault purge protection. Irreversible once on; turn off only for throwaway environments.')
param keyVaultPurgeProtection bool = true

@description('Days a deleted Key Vault or secret can be recovered.')
@minValue(7)
@maxValue(90)
param keyVaultSoftDeleteRetentionInDays int = 90

@description('Memory of each Function App instance, in MB.')
@allowed([
  512
  2048
  4096
])
param functionInstanceMemoryMB int = 2048

@description('Most instances the Function App scales out to.')
@minValue(40)
@maxValue(1000)
param functionMaximumInstanceCount int = 100

@description('OpenID issuer of the API\'s bearer tokens (Auth:Authority). Default: Entra ID v2.0 of the deploying directory.')
param authAuthority string = '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'

@description('Audience of the API\'s bearer tokens (Auth:Audience): the API app registration\'s Application ID URI or client id (docs/security.md).')
param authAudience string = 'api://orchestrator-${environmentName}'

@description('Client id of the web console\'s Entra ID single-page-application registration (Console:ClientId; redirect URI https://<app>/api/console/). Empty: the console asks for a pasted bearer token (docs/console.md).')
param consoleClientId string = ''

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var apiServiceName = 'api'
var reportsContainerName = 'reports'
var deploymentContainerName = 'app-package'

// Names are computed here, not taken from module outputs, so What-If can predict every resource and role assignment.
var identityName = 'id-api-${resourceToken}'
var storageAccountName = 'st${resourceToken}'
var keyVaultName = 'kv-${resourceToken}'
var logAnalyticsName = 'log-${resourceToken}'
var applicationInsightsName = 'appi-${resourceToken}'
var functionAppName = 'func-api-${resourceToken}'
var planName = 'plan-${resourceToken}'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: storageAccountName
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    reportsContainerName: reportsContainerName
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyVault'
  scope: rg
  params: {
    name: keyVaultName
    location: location
    tags: tags
    enablePurgeProtection: keyVaultPurgeProtection
    softDeleteRetentionInDays: keyVaultSoftDeleteRetentionInDays
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: logAnalyticsName
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  dependsOn: [
    identity
    storage
    keyVault
    monitoring
  ]
  params: {
    identityName: identityName
    storageAccountName: storageAccountName
    keyVaultName: keyVaultName
    applicationInsightsName: applicationInsightsName
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  // The app starts as soon as it exists: let it find its resources and its roles already in place.
  dependsOn: [
    identity
    storage
    keyVault
    monitoring
    rbac
  ]
  params: {
    name: functionAppName
    planName: planName
    location: location
    tags: tags
    serviceName: apiServiceName
    identityName: identityName
    storageAccountName: storageAccountName
    deploymentContainerName: deploymentContainerName
    reportsContainerName: reportsContainerName
    keyVaultName: keyVaultName
    applicationInsightsName: applicationInsightsName
    durableTaskHubName: durableTaskHubName
    nightlySchedule: nightlySchedule
    purgeSchedule: purgeSchedule
    historyRetentionDays: historyRetentionDays
    awsTrustedPrincipalArn: awsTrustedPrincipalArn
    awsServiceRoleArn: awsServiceRoleArn
    awsWebIdentityAudience: awsWebIdentityAudience
    reportSource: reportSource
    instanceMemoryMB: functionInstanceMemoryMB
    maximumInstanceCount: functionMaximumInstanceCount
    authAuthority: authAuthority
    authAudience: authAudience
    consoleClientId: consoleClientId
  }
}

// Outputs azd stores in the environment (.azure/<env>/.env).
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output AZURE_FUNCTION_NAME string = api.outputs.name
// Not AZURE_CLIENT_ID: azd exports outputs to local tools, whose DefaultAzureCredential must not pick it up.
output AZURE_FUNCTION_IDENTITY_NAME string = identity.outputs.name
output AZURE_FUNCTION_IDENTITY_CLIENT_ID string = identity.outputs.clientId
// The AWS side of the service role's web identity trust: the token's 'sub' is this object id (docs/security-aws.md).
output AZURE_FUNCTION_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.connectionString
output DURABLE_TASK_HUB string = durableTaskHubName
output REPORTS_BLOB_CONTAINER string = reportsContainerName
