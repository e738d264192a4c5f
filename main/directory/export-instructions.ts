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

  Then: npm run assess -- --input ad-export.ldif --out report`;
