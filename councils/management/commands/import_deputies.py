from councils.management.import_command import ImportCommand


class Command(ImportCommand):
    help = "Import deputies from a CSV or XLSX file (columns: see README, section Councils). All or nothing."
    kind = "deputies"
