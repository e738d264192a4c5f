/**
 * What an administrator runs on a domain-joined machine where the workbench may not connect
 * (air-gapped sites). Printed by `--help`; the README shows the same commands.
 */
export const EXPORT_ATTRIBUTES = [
  'objectClass', 'objectCategory', 'cn', 'sAMAccountName', 'userPrincipalName', 'mail', 'mailNickname', 'proxyAddresses',
  'targetAddress', 'displayName', 'givenName', 'sn', 'userAccountControl', 'isCriticalSystemObject', 'msExchRecipientTypeDetails',
  'homeMDB', 'groupType', 'member', 'adminCount', 'lastLogonTimestamp', 'mS-DS-ConsistencyGuid', 'thumbnailPhoto', 'userCertificate',
  'userSMIMECertificate', 'employeeID', 'department',
];

export const EXPORT_FILTER = '(|(&(objectCategory=person)(objectClass=user))(objectClass=contact)(objectCategory=group))';

export const LDIFDE_COMMAND = `ldifde -f ad-export.ldif -d "DC=agency,DC=gov" -p subtree -r "${EXPORT_FILTER}" -l "${EXPORT_ATTRIBUTES.join(',')}"`;

/**
 * The directory facts a live connection reads (functional levels, domains, domain controllers,
 * Recycle Bin, schema and Exchange versions), exported where no connection is allowed: the
 * configuration partition, the schema's few entries, and the domain's head. Assessed beside the
 * domain's export (more --input), they answer the directory checks (export-evidence.ts).
 */
export const CONFIGURATION_COMMANDS = [
  'ldifde -f ad-config.ldf -d "CN=Configuration,DC=agency,DC=gov" -p subtree -r "(|(objectClass=crossRefContainer)(objectClass=crossRef)(objectClass=nTDSDSA)(objectClass=msDS-OptionalFeature))" -l "objectClass,msDS-Behavior-Version,uPNSuffixes,dnsRoot,nETBIOSName,nCName,msDS-isRODC,msDS-EnabledFeatureBL"',
  'ldifde -f ad-schema.ldf -d "CN=Schema,CN=Configuration,DC=agency,DC=gov" -p subtree -r "(|(objectClass=dMD)(cn=ms-Exch-Schema-Version-Pt)(lDAPDisplayName=mailNickname))" -l "objectClass,cn,objectVersion,rangeUpper,lDAPDisplayName,isMemberOfPartialAttributeSet"',
  'ldifde -f ad-domain.ldf -d "DC=agency,DC=gov" -p base -l "objectClass,msDS-Behavior-Version"',
];

export const POWERSHELL_COMMAND = `Import-Module ActiveDirectory
$props = '${EXPORT_ATTRIBUTES.join("','")}'
function Join-Values($v) {
  if ($null -eq $v) { return '' }
  if ($v -is [byte[]]) { return [Convert]::ToBase64String($v) }
  if ($v -is [System.Collections.ICollection]) {
    return ($v | ForEach-Object { if ($_ -is [byte[]]) { [Convert]::ToBase64String($_) } else { "$_" } }) -join ';'
  }
  return "$v"
}
Get-ADObject -LDAPFilter '${EXPORT_FILTER}' -Properties $props -ResultPageSize 1000 |
  ForEach-Object {
    $o = $_; $row = [ordered]@{ DistinguishedName = $o.DistinguishedName }
    foreach ($p in $props) { $row[$p] = Join-Values $o.$p }
    [pscustomobject]$row
  } | Export-Csv -Path ad-export.csv -NoTypeInformation -Encoding UTF8`;

export const EXPORT_HELP = `Exporting a directory where the workbench may not connect (run on a domain-joined machine):

  LDIF, with ldifde (one domain; replace the -d base; for a whole forest add -s <GC> -t 3268):
    ${LDIFDE_COMMAND}

  CSV, with PowerShell and the ActiveDirectory module:
${POWERSHELL_COMMAND.split('\n').map((l) => `    ${l}`).join('\n')}

  The directory checks (functional levels, domain controllers, Recycle Bin, schema), from the
  configuration partition; assessed beside the export, as more --input files:
${CONFIGURATION_COMMANDS.map((c) => `    ${c}`).join('\n')}

  Then: npm run assess -- --input ad-export.ldif --input ad-config.ldf --input ad-schema.ldf --input ad-domain.ldf --out report`;
