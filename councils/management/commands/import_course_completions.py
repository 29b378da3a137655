from councils.management.import_command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import online-course completions from a CSV or XLSX file (columns: course, completed_on, grade and "
        "deputy_id or council_code, last_name, first_name, patronymic, birth_year). All or nothing unless "
        "--skip-invalid."
    )
    kind = "course_completions"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--skip-invalid", action="store_true", help="Import the valid rows, report the others.")

    def import_options(self, options) -> dict:
        return {"skip_invalid": options["skip_invalid"]}
