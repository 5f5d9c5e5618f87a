// The Function App: a Flex Consumption plan, the .NET 10 isolated worker, running as the user-assigned identity, and
// every app setting the app reads (docs/configuration.md) wired from the other resources. There are no secrets in the
// settings: storage, tables, blobs, Key Vault and Application Insights are all reached with the identity's tokens.
//
// Flex Consumption rules followed here: the runtime and its version are set in functionAppConfig.runtime, never as
// FUNCTIONS_WORKER_RUNTIME / FUNCTIONS_EXTENSION_VERSION app settings (the platform rejects them), and the app is
// deployed from a blob container read with the same identity.

@description('Name of the Function App.')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Location of the plan and the app.')
param location string

@description('Tags applied to the plan and the app (the app also gets azd-service-name).')
param tags object = {}

@description('Service name in azure.yaml; azd finds the app by its azd-service-name tag.')
param serviceName string = 'api'

@description('Name of the user-assigned identity the app runs as.')
param identityName string

@description('Name of the storage account (runtime, Durable Task hub, tables, reports, deployment package).')
param storageAccountName string

@description('Blob container the app package is deployed to.')
param deploymentContainerName string

@description('Blob container of the report source.')
param reportsContainerName string

@description('Name of the Key Vault holding destination secrets.')
param keyVaultName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Durable Task hub name (DURABLE_TASK_HUB): 3-45 letters and digits, starting with a letter.')
param durableTaskHubName string

@description('NCRONTAB (six fields, UTC) of the nightly export timer (NIGHTLY_SCHEDULE).')
param nightlySchedule string

@description('NCRONTAB (six fields, UTC) of the daily durable-history purge (PURGE_SCHEDULE).')
param purgeSchedule string

@description('Days of durable history kept by the daily purge.')
param historyRetentionDays int

@description('Our AWS principal (role ARN) that customers\' trust policies name (Sts:TrustedPrincipalArns:0). Empty: not set.')
param awsTrustedPrincipalArn string

@description('The service\'s own AWS role (Sts:ServiceRoleArn), assumed with the app identity\'s web identity token. Empty: not set.')
param awsServiceRoleArn string

@description('Audience of the Entra ID token exchanged for the service role (Sts:WebIdentityAudience).')
param awsWebIdentityAudience string

@description('Where reports are read from (Reports:Source).')
@allowed([
  'Blob'
  'Synthetic'
])
param reportSource string

@description('Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Settings every deployment has.
@description('OpenID issuer of the API\'s bearer tokens (Auth:Authority), e.g. https://login.microsoftonline.com/{tenant-id}/v2.0.')
param authAuthority string

@description('Audience of the API\'s bearer tokens (Auth:Audience).')
param authAudience string

@description('Client id of the web console\'s Entra ID SPA registration (Console:ClientId); empty leaves the console\'s sign-in unset.')
param consoleClientId string = ''

var baseAppSettings = {
  // Functions runtime and Durable Task hub storage (host.json: storageProvider.connectionName), identity-based.
  AzureWebJobsStorage__accountName: storage.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.properties.clientId
  // The app's DefaultAzureCredential picks the user-assigned identity by this (tables, Key Vault, report blobs).
  AZURE_CLIENT_ID: identity.properties.clientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
  DURABLE_TASK_HUB: durableTaskHubName
  NIGHTLY_SCHEDULE: nightlySchedule
  PURGE_SCHEDULE: purgeSchedule
  Operations__HistoryRetentionDays: string(historyRetentionDays)
  Storage__TableServiceUri: storage.properties.primaryEndpoints.table
  Secrets__KeyVaultUri: vault.properties.vaultUri
  Reports__Source: reportSource
  Reports__BlobServiceUri: storage.properties.primaryEndpoints.blob
  Reports__BlobContainer: reportsContainerName
  // Callers: Entra ID bearer tokens validated by the app itself (function keys stay the outer gate).
  Auth__Authority: authAuthority
  Auth__Audience: authAudience
}

// An empty element would bind as an empty ARN in Sts:TrustedPrincipalArns, so the setting is left out instead.
var stsAppSettings = empty(awsTrustedPrincipalArn) ? {} : { Sts__TrustedPrincipalArns__0: awsTrustedPrincipalArn }

// The service's AWS identity: no long-lived AWS key in app settings, a web identity for the service role instead.
var stsIdentitySettings = empty(awsServiceRoleArn) ? {} : {
  Sts__ServiceRoleArn: awsServiceRoleArn
  Sts__WebIdentityAudience: awsWebIdentityAudience
}

// The web console's sign-in (docs/console.md): authorization code + PKCE against the deploying directory's Entra ID,
// asking for the API's audience so the token carries the app roles. Left out without a console client id.
var consoleAppSettings = empty(consoleClientId) ? {} : {
  Console__ClientId: consoleClientId
  Console__AuthorizationEndpoint: '${environment().authentication.loginEndpoint}${tenant().tenantId}/oauth2/v2.0/authorize'
  Console__TokenEndpoint: '${environment().authentication.loginEndpoint}${tenant().tenantId}/oauth2/v2.0/token'
  Console__Scope: '${authAudience}/.default'
}

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: union(baseAppSettings, stsAppSettings, stsIdentitySettings, consoleAppSettings)
}

output name string = functionApp.name
output uri string = 'https://${functionApp.properties.defaultHostName}'
