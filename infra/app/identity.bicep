// The user-assigned managed identity the Function App runs as: the Functions runtime (AzureWebJobsStorage), the
// Durable Task hub, the app's own DefaultAzureCredential (AZURE_CLIENT_ID), Key Vault and Application Insights.
// Its role assignments live in rbac.bicep.

@description('Name of the user-assigned managed identity.')
param name string

@description('Location of the identity.')
param location string

@description('Tags applied to the identity.')
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
