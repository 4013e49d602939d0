# The help examples HelpExamples.Tests.ps1 does not run or skips, by cmdlet and example number, with the reason.
#
# NotRun: examples that cannot run against the lab (remote hosts, files, objects the lab configuration does not
#   declare). The test's first Describe checks that every example of every page is either run (the test's
#   allow-list) or listed here, never both, and that this list names only examples that exist.
# DocBug: allow-listed examples that are skipped (Pester -Skip) because the page itself is wrong; the reason names
#   the documentation bug. Each must also be in the allow-list.
@{
    NotRun = @{
        'Connect-Haproxy'           = @{ 4 = 'remote hosts (lb1.example.net, lb2.example.net)' }
        'Set-HaproxyServerState'    = @{ 4 = 'remote hosts (a fleet lb1..lb4; FleetParallel.Tests.ps1 rolls the same drain over five lab nodes)' }
        'Remove-HaproxyServer'      = @{ 9 = 'remote hosts (a fleet lb1..lb3; FleetParallel.Tests.ps1 rolls removals over five lab nodes)' }
        'Remove-HaproxyBackend'     = @{ 11 = 'remote hosts (a fleet lb1..lb4; FleetParallel.Tests.ps1 rolls the same removal over five lab nodes under traffic)' }
        'Add-HaproxyBackend'        = @{ 4 = 'needs a file (./backends.csv)' }
        'Get-HaproxyCertificate'    = @{ 2 = 'names certificate files of a real configuration (/etc/haproxy/certs/...) and local PEM files; the lab keeps its certificates in a random folder (Certificates.Tests.ps1 runs the same commands on them)' }
        'Set-HaproxyCertificate'    = @{ 1 = 'names certificate files of a real configuration (/etc/haproxy/certs/...) and local PEM files; the lab keeps its certificates in a random folder (Certificates.Tests.ps1 runs the same commands on them)'; 2 = 'names certificate files of a real configuration (/etc/haproxy/certs/...) and local PEM files; the lab keeps its certificates in a random folder (Certificates.Tests.ps1 runs the same commands on them)'; 3 = 'names certificate files of a real configuration (/etc/haproxy/certs/...) and local PEM files; the lab keeps its certificates in a random folder (Certificates.Tests.ps1 runs the same commands on them)' }
        'New-HaproxyCertificate'    = @{ 1 = 'names certificate files of a real configuration (/etc/haproxy/certs/...) and local PEM files; the lab keeps its certificates in a random folder (Certificates.Tests.ps1 runs the same commands on them)'; 2 = 'names certificate files of a real configuration (/etc/haproxy/certs/...) and local PEM files; the lab keeps its certificates in a random folder (Certificates.Tests.ps1 runs the same commands on them)' }
        'Remove-HaproxyCertificate' = @{ 1 = 'names certificate files of a real configuration (/etc/haproxy/certs/...) and local PEM files; the lab keeps its certificates in a random folder (Certificates.Tests.ps1 runs the same commands on them)' }
        'Add-HaproxyCrtListEntry'   = @{ 1 = 'names certificate files of a real configuration (/etc/haproxy/certs/...) and local PEM files; the lab keeps its certificates in a random folder (Certificates.Tests.ps1 runs the same commands on them)'; 2 = 'names certificate files of a real configuration (/etc/haproxy/certs/...) and local PEM files; the lab keeps its certificates in a random folder (Certificates.Tests.ps1 runs the same commands on them)' }
        'Remove-HaproxyCrtListEntry' = @{ 1 = 'names certificate files of a real configuration (/etc/haproxy/certs/...) and local PEM files; the lab keeps its certificates in a random folder (Certificates.Tests.ps1 runs the same commands on them)'; 2 = 'names certificate files of a real configuration (/etc/haproxy/certs/...) and local PEM files; the lab keeps its certificates in a random folder (Certificates.Tests.ps1 runs the same commands on them)' }
        'Publish-HaproxyBackend'    = @{ 4 = 'needs a file (backends.csv, second line)' }
        'Invoke-HaproxyReload'      = @{ 3 = 'needs a master CLI session in $master (the page shows the pattern; Master.Tests.ps1 runs a failed reload)' }
        'Get-HaproxyStartupLog'     = @{ 3 = 'needs a master CLI session in $master after a failed reload (Master.Tests.ps1 runs it)' }
        'Add-HaproxyServer'         = @{ 4 = 'needs a file (./servers.csv)' }
        'Add-HaproxyMapEntry'       = @{
            3 = 'needs a file (./routes.csv)'
            5 = 'needs a second map, virt@paths-copy.map, that the lab configuration does not declare'
        }
        'Remove-HaproxyMapEntry'    = @{ 5 = 'needs a file (routes.csv)' }
        'Update-HaproxyMap'         = @{
            1 = 'needs a file (./routes.csv)'
            3 = 'needs a file (./routes.csv, with empty cells)'
        }
        'Get-HaproxyFrontend'       = @{ 4 = 'no ''pub-*'' frontend in the lab (frontends cannot be added at run time): a no-op' }
        'Disable-HaproxyFrontend'   = @{ 3 = 'no ''pub-*'' frontend in the lab; and the example is about the per-frontend prompt' }
        'Set-HaproxyFrontend'       = @{ 2 = 'frontend myfrontend2 is not in the lab (frontends cannot be added at run time)' }
        'Set-HaproxyBackend'        = @{ 1 = 'reads the key from the keyboard (Read-Host -AsSecureString); Example 2 runs the same request' }
        'Enable-HaproxyAgentCheck'  = @{ 1 = 'needs an agent on 172.16.0.12:9999 (no agent in the lab; not loopback)' }
        'Disable-HaproxyAgentCheck' = @{
            1 = 'needs a server with an agent check (no agent in the lab)'
            2 = 'needs servers with an agent check (no agent in the lab)'
        }
        'Add-HaproxyAclEntry'       = @{
            1 = 'ACL virt@blocked.acl is not in the lab configuration'
            2 = 'ACL virt@blocked.acl is not in the lab configuration'
            3 = 'ACL virt@blocked.acl is not in the lab configuration; needs a file (./blocked.txt)'
            4 = 'ACL virt@blocked.acl is not in the lab configuration'
        }
        'Clear-HaproxyAcl'          = @{
            1 = 'ACL virt@blocked.acl is not in the lab configuration'
            2 = 'ACL virt@blocked.acl is not in the lab configuration'
            3 = 'ACL virt@blocked.acl is not in the lab configuration'
            4 = 'ACL virt@blocked.acl is not in the lab configuration'
        }
        'Get-HaproxyAcl'            = @{ 3 = 'no virt@ ACL in the lab configuration: a no-op' }
        'Get-HaproxyAclEntry'       = @{
            1 = 'ACL virt@blocked.acl is not in the lab configuration'
            2 = 'ACL virt@blocked.acl is not in the lab configuration'
            3 = 'ACL virt@blocked.acl is not in the lab configuration'
            4 = 'ACL virt@blocked.acl is not in the lab configuration; writes a file (./blocked.acl)'
        }
        'Remove-HaproxyAclEntry'    = @{
            1 = 'ACL virt@blocked.acl is not in the lab configuration'
            2 = 'ACL virt@blocked.acl is not in the lab configuration'
            3 = 'ACL virt@blocked.acl is not in the lab configuration'
            4 = 'ACL virt@badpaths.acl is not in the lab configuration'
            5 = 'ACL virt@blocked.acl is not in the lab configuration'
        }
        'Test-HaproxyAcl'           = @{
            1 = 'ACL virt@blocked.acl is not in the lab configuration'
            2 = 'ACL virt@blocked.acl is not in the lab configuration'
            3 = 'ACL virt@blocked.acl is not in the lab configuration; needs a file (./clients.txt)'
        }
        'Compare-HaproxyAcl'        = @{
            1 = 'ACL virt@blocked.acl is not in the lab configuration'
            2 = 'ACL virt@blocked.acl is not in the lab configuration; needs a file (./blocked.txt)'
        }
        'Update-HaproxyAcl'         = @{
            1 = 'ACL virt@blocked.acl is not in the lab configuration; needs a file (./blocked.txt)'
            2 = 'ACL virt@blocked.acl is not in the lab configuration'
            3 = 'ACL virt@blocked.acl is not in the lab configuration'
            4 = 'ACL virt@blocked.acl is not in the lab configuration; needs a file (./blocked.txt)'
            5 = 'ACL virt@blocked.acl is not in the lab configuration'
            6 = 'ACL virt@blocked.acl is not in the lab configuration'
            7 = 'ACL virt@blocked.acl is not in the lab configuration; needs a file (./blocked.txt)'
            8 = 'ACL virt@blocked.acl is not in the lab configuration; needs a file (./blocked.csv)'
        }
    }
    DocBug = @{}
}
