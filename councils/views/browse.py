"""The councils browser: region → district, with figures per level.

A council's own page lists its training sessions too, so it lives in `trainings.views.councils`.
"""

from django.shortcuts import get_object_or_404, render

from roles import READERS, role_required

from ..collation import name_order
from ..models import Council, District, Region
from ..selectors import convocations, councils_with_figures, figures_by


def _convocation(request):
    known = convocations()
    try:
        chosen = int(request.GET.get("convocation", ""))
    except ValueError:
        chosen = known[0]
    return chosen if chosen in known else known[0], known


@role_required(*READERS)
def region_list(request):
    convocation, known = _convocation(request)
    figures, total = figures_by(councils_with_figures(Council.objects.all(), convocation), lambda c: c.region_id)
    rows = [(region, figures.get(region.pk)) for region in Region.objects.order_by(name_order())]
    return render(
        request,
        "councils/region_list.html",
        {"rows": rows, "total": total, "convocation": convocation, "convocations": known},
    )


@role_required(*READERS)
def region_detail(request, code):
    region = get_object_or_404(Region, code=code)
    convocation, known = _convocation(request)
    councils = list(councils_with_figures(region.councils.all(), convocation))
    figures, total = figures_by(councils, lambda c: c.district_id)
    districts = [(district, figures.get(district.pk)) for district in region.districts.order_by(name_order())]
    direct = [council for council in councils if council.district_id is None]
    return render(
        request,
        "councils/region_detail.html",
        {"region": region, "districts": districts, "direct": direct, "total": total,
         "convocation": convocation, "convocations": known},
    )  # fmt: skip


@role_required(*READERS)
def district_detail(request, code):
    district = get_object_or_404(District.objects.select_related("region"), code=code)
    convocation, known = _convocation(request)
    councils = list(councils_with_figures(district.councils.all(), convocation))
    _groups, total = figures_by(councils, lambda c: c.pk)
    return render(
        request,
        "councils/district_detail.html",
        {"district": district, "councils": councils, "total": total,
         "convocation": convocation, "convocations": known},
    )  # fmt: skip
