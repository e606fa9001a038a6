import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/ui/card";
import { requireInstanceAdmin } from "@/lib/admin-session";
import { listPlans } from "@/lib/dal/plans-admin";
import { RESOURCES } from "@/lib/plans/limits";
import { EditPlan } from "./_components/edit-plan";
import { RESOURCE_LABELS } from "./_components/labels";

export const metadata: Metadata = { title: "Plans" };

const th = "px-3 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase whitespace-nowrap";
const td = "px-3 py-3 align-top text-sm max-lg:block max-lg:py-1";

/** Every plan, its four limits and how many workspaces are on it, each with "Edit". */
export default async function AdminPlansPage() {
  await requireInstanceAdmin();
  const plans = await listPlans();
  return (
    <div className="max-w-7xl space-y-6">
      <PageHeader
        title="Plans"
        description="A plan sets each workspace's limits. Lowering a limit below what a workspace holds removes nothing: that workspace only cannot add more until it is under it. New workspaces get the plan DEFAULT_PLAN names."
      />
      <Card labelledBy="plans-title">
        <h2 id="plans-title" className="sr-only">Plans</h2>
        <table className="w-full table-fixed max-lg:block">
          <colgroup className="max-lg:hidden">
            <col />
            {RESOURCES.map((r) => <col key={r} className="w-44" />)}
            <col className="w-32" />
            <col className="w-28" />
          </colgroup>
          <thead className="border-b border-slate-200 bg-slate-50 max-lg:hidden">
            <tr>
              <th scope="col" className={th}>Plan</th>
              {RESOURCES.map((r) => <th key={r} scope="col" className={th}>{RESOURCE_LABELS[r]}</th>)}
              <th scope="col" className={th}>Workspaces</th>
              <th scope="col" className={th}><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 max-lg:block">
            {plans.map((plan) => (
              <tr key={plan.id} data-testid="admin-plan-row" className="max-lg:block max-lg:px-2 max-lg:py-3">
                <td className={`${td} font-medium text-slate-900`}>
                  {plan.name}
                  {plan.envManaged.length > 0 && <div className="text-xs font-normal text-slate-500">Keys, credentials and webhooks from the environment</div>}
                </td>
                {RESOURCES.map((r) => (
                  <td key={r} className={`${td} tabular-nums`} data-testid={`limit-${r}`}>
                    <span className="text-slate-500 lg:hidden">{RESOURCE_LABELS[r]}: </span>
                    {plan.limits[r] ?? "Unlimited"}
                  </td>
                ))}
                <td className={`${td} tabular-nums`}>
                  <span className="text-slate-500 lg:hidden">Workspaces: </span>
                  {plan.workspaces}
                </td>
                <td className={`${td} lg:text-right`}><EditPlan plan={plan} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </div>
  );
}
